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

    public static String generate() {
        return UUID.randomUUID().toString();
    }
}
