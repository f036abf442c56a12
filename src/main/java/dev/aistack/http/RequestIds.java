package dev.aistack.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;

import java.util.UUID;
import java.util.regex.Pattern;

/** Request ids: a client's {@code X-Request-Id} is kept when it is safe to echo and log, else one is made. */
public final class RequestIds {
    public static final HeaderName HEADER = HeaderNames.create("X-Request-Id");
    // Restricted so an id can never inject into a header, a log line or a metric.
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {
    }

    public static String acceptOrGenerate(String fromClient) {
        return fromClient != null && SAFE.matcher(fromClient).matches() ? fromClient : generate();
    }

    /** Unique, not secret (it is echoed and logged): a fast random source is enough, no SecureRandom lock. */
    public static String generate() {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        return new UUID((r.nextLong() & ~0xF000L) | 0x4000L, (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L)
                .toString();
    }
}
