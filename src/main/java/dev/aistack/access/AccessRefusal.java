package dev.aistack.access;

import dev.aistack.errors.GatewayException;

import java.util.Map;

/**
 * A refusal that needs headers on its error answer (Retry-After, x-ratelimit-*, x-should-retry). Helidon resets
 * headers before error handlers run, so they travel with the exception and {@link Access} writes them.
 */
public final class AccessRefusal extends RuntimeException {
    private final GatewayException error;
    private final Map<String, String> headers;

    AccessRefusal(GatewayException error, Map<String, String> headers) {
        super(error.getMessage(), null, false, false);
        this.error = error;
        this.headers = Map.copyOf(headers);
    }

    public GatewayException error() {
        return error;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
