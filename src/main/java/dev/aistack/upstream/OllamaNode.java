package dev.aistack.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aistack.scheduling.KeepAlivePolicy;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** An Ollama server: keep_alive made real by native calls, models from /api/tags, /api/version as the probe. */
public final class OllamaNode implements Backend.NodeKind {
    private final UpstreamClient client;
    private final KeepAlivePolicy keepAlive;

    public OllamaNode(UpstreamClient client, KeepAlivePolicy keepAlive) {
        this.client = client;
        this.keepAlive = keepAlive;
    }

    @Override
    public void requestEnded(String model, JsonNode value) {
        if (model != null && !model.isBlank() && value != null) {
            keepAlive.enforce(model, value);
        }
    }

    @Override
    public List<Backend.DiscoveredModel> models() {
        List<Backend.DiscoveredModel> out = new ArrayList<>();
        for (JsonNode m : client.getJson("/api/tags").path("models")) {
            out.add(new Backend.DiscoveredModel(m.path("name").asText(m.path("model").asText()),
                    epochSeconds(m.path("modified_at").asText())));
        }
        return out;
    }

    @Override
    public void probe() {
        client.getJson("/api/version");
    }

    private static long epochSeconds(String rfc3339) {
        try {
            return OffsetDateTime.parse(rfc3339).toEpochSecond();
        } catch (DateTimeParseException e) {
            return 0;
        }
    }
}
