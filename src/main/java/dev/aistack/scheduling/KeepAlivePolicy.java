package dev.aistack.scheduling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.aistack.config.GoDuration;
import dev.aistack.errors.ErrorCode;
import dev.aistack.errors.GatewayException;
import dev.aistack.observe.LogContext;
import dev.aistack.upstream.OllamaClient;

import java.time.Duration;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * keep_alive policy: the request's own value wins, otherwise the configured default. Ollama's /v1 routes ignore a
 * keep_alive in the body, so the value is made real by a native load call after each request ({@link #requestEnded};
 * docs-site/keep-alive.md explains why this mechanism). Values follow Ollama's rules: a Go duration string or a
 * number of seconds; negative means forever, 0 unloads at once.
 */
public final class KeepAlivePolicy implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(KeepAlivePolicy.class.getName());
    // At shutdown, room for one in-flight and one queued native call (each bounded by the client's control timeout).
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private final JsonNode defaultValue;
    private final OllamaClient ollama;
    private final Runnable onFailure;
    private final KeepAliveSync sync = new KeepAliveSync(this::send, CLOSE_WAIT);

    public KeepAlivePolicy(String defaultValue, OllamaClient ollama, Runnable onFailure) {
        this.defaultValue = TextNode.valueOf(defaultValue);
        this.ollama = ollama;
        this.onFailure = onFailure;
    }

    /**
     * A successful request on {@code model} is over: a native call that starts after now sets the model's session
     * to {@code keepAlive}, and Ollama restarts the expiry timer when the model's last request ends (0 unloads).
     * Returns at once; the call runs on its own thread, coalesced with others for the same model.
     */
    public void requestEnded(String model, JsonNode keepAlive) {
        sync.requestEnded(model, keepAlive, LogContext.requestId());
    }

    /** Best effort: the client already has its answer, so a failure is logged and counted, never returned. */
    private void send(String model, JsonNode keepAlive, String requestId) {
        LogContext.set(requestId); // the request whose end this call follows
        try {
            int status = ollama.setKeepAlive(model, keepAlive);
            if (status != 200) {
                onFailure.run();
                LOG.log(Level.WARNING, "keep_alive not applied", new Object[]{Map.of("model", model, "status", status)});
            }
        } catch (RuntimeException e) {
            onFailure.run();
            LOG.log(Level.WARNING, "keep_alive not applied", new Object[]{Map.of("model", model,
                    "error", String.valueOf(e.getMessage()))});
        } finally {
            LogContext.clear();
        }
    }

    /** Stops taking calls and lets those already due finish (bounded), so the last requests' policy holds. */
    @Override
    public void close() {
        sync.close();
    }

    /** The keep_alive to apply for this request body, validated as Ollama would (so the native call cannot fail on it). */
    public JsonNode resolve(JsonNode requestBody) {
        JsonNode v = requestBody.get("keep_alive");
        if (v == null || v.isNull()) {
            return defaultValue;
        }
        if (v.isNumber() && Double.isFinite(v.asDouble())) {
            return v;
        }
        if (v.isTextual() && GoDuration.parseNanos(v.asText()).isPresent()) {
            return v;
        }
        throw new GatewayException(ErrorCode.INVALID_KEEP_ALIVE, "keep_alive " + v + " is not valid: use a duration "
                + "string such as \"30s\", \"5m\", \"1h\" or \"0\", or a number of seconds (negative keeps the model "
                + "loaded forever).", "keep_alive");
    }
}
