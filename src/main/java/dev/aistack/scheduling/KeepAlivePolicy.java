package dev.aistack.scheduling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.aistack.config.GoDuration;
import dev.aistack.errors.ErrorCode;
import dev.aistack.errors.GatewayException;

/**
 * keep_alive policy: the request's own value wins, otherwise the configured default. Values follow Ollama's rules: a
 * Go duration string or a number of seconds; negative means forever, 0 unloads at once. Ollama's /v1 routes ignore a
 * keep_alive in the body, so an Ollama node makes the value real with a native call after each request
 * ({@link KeepAliveSync}; docs-site/keep-alive.md explains why this mechanism).
 */
public final class KeepAlivePolicy {
    // Ollama turns seconds into int64 nanoseconds: a larger number overflows (on amd64 into "unload now").
    private static final double MAX_SECONDS = Long.MAX_VALUE / 1e9;

    private final JsonNode defaultValue;

    public KeepAlivePolicy(String defaultValue) {
        this.defaultValue = TextNode.valueOf(defaultValue);
    }

    /**
     * The keep_alive to apply, given the request's own value (null when absent), validated as Ollama would (so the
     * native call cannot fail on it).
     */
    public JsonNode resolve(JsonNode v) {
        if (v == null || v.isNull()) {
            return defaultValue;
        }
        if (v.isNumber() && Double.isFinite(v.asDouble()) && Math.abs(v.asDouble()) < MAX_SECONDS) {
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
