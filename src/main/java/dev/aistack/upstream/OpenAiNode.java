package dev.aistack.upstream;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * An OpenAI-compatible server (vLLM, llama.cpp llama-server, SGLang, TGI, LocalAI, a remote provider): no keep_alive
 * (it has no such notion), models and the probe from GET /v1/models, the node's own bearer on every call.
 */
public final class OpenAiNode implements Backend.NodeKind {
    private final UpstreamClient client;

    public OpenAiNode(UpstreamClient client) {
        this.client = client;
    }

    @Override
    public Backend.Protocol protocol() {
        return Backend.Protocol.OPENAI;
    }

    @Override
    public void requestEnded(String model, JsonNode keepAlive) {
        // Nothing to do: these servers keep their models loaded.
    }

    @Override
    public List<Backend.DiscoveredModel> models() {
        List<Backend.DiscoveredModel> out = new ArrayList<>();
        for (JsonNode m : client.getJson("/v1/models").path("data")) {
            out.add(new Backend.DiscoveredModel(m.path("id").asText(), m.path("created").asLong(0)));
        }
        return out;
    }

    /** GET /v1/models: answered by every OpenAI-compatible server, cheap, and it needs the bearer when one is set. */
    @Override
    public void probe() {
        client.getJson("/v1/models");
    }
}
