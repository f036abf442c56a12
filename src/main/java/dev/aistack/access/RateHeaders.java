package dev.aistack.access;

import java.util.LinkedHashMap;
import java.util.Map;

/** OpenAI's rate-limit headers, on every answer to a key with an rpm. */
final class RateHeaders {
    private RateHeaders() {
    }

    static Map<String, String> of(RateLimit.State state) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("x-ratelimit-limit-requests", Long.toString(state.limit()));
        h.put("x-ratelimit-remaining-requests", Long.toString(state.remaining()));
        h.put("x-ratelimit-reset-requests", state.retryAfterSeconds() + "s"); // OpenAI's form, e.g. "12s"
        return h;
    }
}
