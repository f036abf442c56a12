package dev.aistack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aistack.config.GatewayConfig;
import dev.aistack.scheduling.GpuSlots;
import dev.aistack.upstream.Backend;
import dev.aistack.upstream.UpstreamClient;
import dev.aistack.upstream.UpstreamFailures;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * A gateway whose one node is an OpenAI-compatible server (vLLM-like), through Gateway's test seam, until the
 * routing work brings a configurable {@code openai} node kind: then this becomes a nodes-list setting.
 */
public final class OpenAiNodeFleet {
    private OpenAiNodeFleet() {
    }

    public static Gateway gateway(GatewayConfig config, String nodeUrl) {
        UpstreamClient client = new UpstreamClient(URI.create(nodeUrl), config.upstreamConnectTimeout(),
                config.upstreamTimeout(), UpstreamFailures.ollama(nodeUrl));
        return new Gateway(config, List.of(new Backend("vllm", client, new Kind(client),
                new GpuSlots(config.gpuSlots(), () -> { }))));
    }

    /** Speaks only OpenAI's API: models from /v1/models, no keep_alive (such servers keep their models loaded). */
    private record Kind(UpstreamClient client) implements Backend.NodeKind {
        @Override
        public Backend.Protocol protocol() {
            return Backend.Protocol.OPENAI;
        }

        @Override
        public void requestEnded(String model, JsonNode keepAlive) {
        }

        @Override
        public List<Backend.DiscoveredModel> models() {
            List<Backend.DiscoveredModel> out = new ArrayList<>();
            for (JsonNode m : client.getJson("/v1/models").path("data")) {
                out.add(new Backend.DiscoveredModel(m.path("id").asText(), m.path("created").asLong()));
            }
            return out;
        }

        @Override
        public void probe() {
            client.getJson("/v1/models");
        }
    }
}
