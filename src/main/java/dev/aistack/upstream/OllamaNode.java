package dev.aistack.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aistack.observe.LogContext;
import dev.aistack.scheduling.KeepAliveSync;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An Ollama server: keep_alive made real by native calls after each request (coalesced per model, see
 * KeepAliveSync), models from /api/tags, /api/version as the probe.
 */
public final class OllamaNode implements Backend.NodeKind {
    private static final Logger LOG = Logger.getLogger(OllamaNode.class.getName());
    // At shutdown, room for one in-flight and one queued native call (each bounded by the client's control timeout).
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private final UpstreamClient client;
    private final Runnable onKeepAliveFailure;
    private final KeepAliveSync keepAlive = new KeepAliveSync(this::sendKeepAlive, CLOSE_WAIT);

    public OllamaNode(UpstreamClient client, Runnable onKeepAliveFailure) {
        this.client = client;
        this.onKeepAliveFailure = onKeepAliveFailure;
    }

    @Override
    public Backend.Protocol protocol() {
        return Backend.Protocol.OLLAMA;
    }

    /** Returns at once: the native call starts after this end, on its own thread. */
    @Override
    public void requestEnded(String model, JsonNode value) {
        if (model != null && !model.isBlank() && value != null) {
            keepAlive.requestEnded(model, value, LogContext.requestId());
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

    /**
     * POST /api/show: Ollama lists the model's capabilities ("completion", "vision", "tools", "thinking",
     * "embedding"; a completion model also chats) and its context length under model_info "<arch>.context_length".
     */
    @Override
    public Backend.ModelTraits describe(String model) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("model", model);
        JsonNode show = client.postJsonForJson("/api/show", body);
        java.util.Set<String> caps = new java.util.TreeSet<>();
        for (JsonNode c : show.path("capabilities")) {
            String name = c.asText();
            if (name.equals("completion")) {
                caps.add("chat");
            }
            caps.add(name);
        }
        Integer context = null;
        var info = show.path("model_info").properties();
        for (var e : info) {
            if (e.getKey().endsWith(".context_length") && e.getValue().canConvertToInt()) {
                context = e.getValue().asInt();
            }
        }
        return new Backend.ModelTraits(caps, context);
    }

    @Override
    public void probe() {
        client.getJson("/api/version");
    }

    /** Lets the keep_alive calls already due finish (bounded), so the last requests' policy holds. */
    @Override
    public void close() {
        keepAlive.close();
    }

    /**
     * POST /api/generate {"model": M, "keep_alive": K} without a prompt: Ollama loads (or, for 0, unloads) the model
     * and stores K as its session, so the next expiry is K after the model's last request. Best effort: the client
     * already has its answer, so a failure is logged and counted, never returned.
     */
    private void sendKeepAlive(String model, JsonNode value, String requestId) {
        LogContext.set(requestId); // the request whose end this call follows
        try {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.put("model", model);
            body.set("keep_alive", value);
            int status = client.postJson("/api/generate", body);
            if (status != 200) {
                onKeepAliveFailure.run();
                LOG.log(Level.WARNING, "keep_alive not applied", new Object[]{Map.of("model", model, "status", status)});
            }
        } catch (RuntimeException e) {
            onKeepAliveFailure.run();
            LOG.log(Level.WARNING, "keep_alive not applied", new Object[]{Map.of("model", model,
                    "error", String.valueOf(e.getMessage()))});
        } finally {
            LogContext.clear();
        }
    }

    private static long epochSeconds(String rfc3339) {
        try {
            return OffsetDateTime.parse(rfc3339).toEpochSecond();
        } catch (DateTimeParseException e) {
            return 0;
        }
    }
}
