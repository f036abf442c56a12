package dev.aistack.scheduling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.aistack.config.GoDuration;
import dev.aistack.errors.ErrorCode;
import dev.aistack.errors.GatewayException;
import dev.aistack.upstream.UpstreamClient;

import java.time.Duration;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * keep_alive policy: the request's own value wins, otherwise the configured default. Ollama's /v1 routes ignore a
 * keep_alive in the body, so the value is made real by a native load call after the request ({@link #enforce};
 * docs-site/keep-alive.md explains why this mechanism). Values follow Ollama's rules: a Go duration string or a number of seconds;
 * negative means forever, 0 unloads at once.
 */
public final class KeepAlivePolicy {
    private static final Logger LOG = Logger.getLogger(KeepAlivePolicy.class.getName());

    /**
     * The session set a moment ago is still in place: Ollama only changes it on a reload, and a model cannot expire
     * within half its keep_alive of its last request. So under load one native call a second per model is enough.
     */
    public static final Duration RESEND_AT_MOST_EVERY = Duration.ofSeconds(1);

    private static final double MAX_SECONDS = Long.MAX_VALUE / 1e9;

    private record Sent(JsonNode value, long atNanos) {
    }

    private final JsonNode defaultValue;
    private final UpstreamClient ollama;
    private final Runnable onFailure;
    private final Map<String, Sent> lastSent = new java.util.concurrent.ConcurrentHashMap<>();
    private final long maxResendNanos;

    public KeepAlivePolicy(String defaultValue, UpstreamClient ollama, Runnable onFailure, Duration resendAtMostEvery) {
        this.defaultValue = TextNode.valueOf(defaultValue);
        this.ollama = ollama;
        this.onFailure = onFailure;
        this.maxResendNanos = resendAtMostEvery.toNanos();
    }

    /**
     * Makes the value take effect once the /v1 call is over: the native call replaces the model's session and Ollama
     * restarts the expiry timer when the model's last request ends, so /api/ps shows then + keepAlive (0 unloads).
     * Best effort: the client already has its answer, so a failure is logged and counted, never returned.
     */
    public void enforce(String model, JsonNode keepAlive) {
        long now = System.nanoTime();
        Sent last = lastSent.get(model);
        if (last != null && last.value().equals(keepAlive) && now - last.atNanos() < resendAfterNanos(keepAlive)) {
            return;
        }
        lastSent.put(model, new Sent(keepAlive, now));
        try {
            int status = ollama.postJson("/api/generate", loadCall(model, keepAlive));
            if (status != 200) {
                onFailure.run();
                LOG.log(Level.WARNING, "keep_alive not applied", new Object[]{Map.of("model", model, "status", status)});
            }
        } catch (RuntimeException e) {
            onFailure.run();
            LOG.log(Level.WARNING, "keep_alive not applied", new Object[]{Map.of("model", model,
                    "error", String.valueOf(e.getMessage()))});
        }
    }

    /**
     * POST /api/generate {"model": M, "keep_alive": K} without a prompt: Ollama loads (or, for 0, unloads) the model
     * and stores K as its session, so the next expiry is K after the last request.
     */
    private static JsonNode loadCall(String model, JsonNode keepAlive) {
        com.fasterxml.jackson.databind.node.ObjectNode body = com.fasterxml.jackson.databind.node.JsonNodeFactory
                .instance.objectNode();
        body.put("model", model);
        body.set("keep_alive", keepAlive);
        return body;
    }

    /** 0 (unload) is always sent; otherwise at most once per min(1 s, keepAlive / 2) for the same value. */
    private long resendAfterNanos(JsonNode keepAlive) {
        long nanos = keepAlive.isNumber() ? (long) (keepAlive.asDouble() * 1e9)
                : GoDuration.parseNanos(keepAlive.asText()).orElse(0L);
        if (nanos == 0) {
            return 0;
        }
        return nanos < 0 ? maxResendNanos : Math.min(maxResendNanos, nanos / 2);
    }

    /**
     * The keep_alive to apply, given the request's own value (null when absent), validated as Ollama would (so the
     * native call cannot fail on it).
     */
    public JsonNode resolve(JsonNode v) {
        if (v == null || v.isNull()) {
            return defaultValue;
        }
        // Ollama turns seconds into int64 nanoseconds: a larger number overflows (on amd64 into "unload now").
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
