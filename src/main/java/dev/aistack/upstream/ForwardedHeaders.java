package dev.aistack.upstream;

import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Which headers cross the gateway. Hop-by-hop headers (RFC 9110 §7.6.1, plus any named in Connection) never do.
 * Towards the backend the client's Host and Origin are dropped (Ollama answers 403 to a foreign Host or Origin)
 * and so are the client's credentials, which are meant for the gateway.
 */
public final class ForwardedHeaders {
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection", "te",
            "transfer-encoding", "upgrade", "trailer", "proxy-authenticate", "proxy-authorization");
    private static final Set<String> NOT_TO_BACKEND = Set.of("host", "content-length", "origin", "referer",
            "authorization", "x-api-key", "cookie", "expect", "accept-encoding");
    // Framing and server identity are the gateway's own on the way back.
    private static final Set<String> NOT_TO_CLIENT = Set.of("content-length", "date", "server");

    private ForwardedHeaders() {
    }

    public static void toBackend(Headers client, BiConsumer<HeaderName, String> sink) {
        copy(client, NOT_TO_BACKEND, sink);
    }

    public static void toClient(Headers backend, BiConsumer<HeaderName, String> sink) {
        copy(backend, NOT_TO_CLIENT, sink);
    }

    private static void copy(Headers from, Set<String> excluded, BiConsumer<HeaderName, String> sink) {
        Set<String> namedInConnection = new HashSet<>();
        from.first(HeaderNames.CONNECTION).ifPresent(v -> {
            for (String token : v.split(",")) {
                namedInConnection.add(token.trim().toLowerCase(Locale.ROOT));
            }
        });
        for (Header h : from) {
            String name = h.name().toLowerCase(Locale.ROOT);
            if (HOP_BY_HOP.contains(name) || excluded.contains(name) || namedInConnection.contains(name)) {
                continue;
            }
            for (String value : h.allValues()) {
                sink.accept(h.headerName(), value);
            }
        }
    }
}
