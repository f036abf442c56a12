package dev.aistack.upstream;

import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.webserver.http.ServerRequest;

import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Which headers cross the gateway. Hop-by-hop headers (RFC 9110 §7.6.1, plus any named in Connection) never do.
 * Towards the backend the client's Host and Origin are dropped (Ollama answers 403 to a foreign Host or Origin),
 * and so are the client's credentials of any name (they are meant for the gateway, or for OpenAI, never for the
 * backend, which asks for none) and the client's own forwarding headers: a client could claim any address in
 * them. The gateway states what it saw itself instead: X-Forwarded-For with the socket peer, X-Forwarded-Proto.
 */
public final class ForwardedHeaders {
    /** What the gateway itself knows about the client's connection. */
    public record Peer(String address, boolean secure) {
        public static Peer of(ServerRequest req) {
            String address = req.remotePeer().address() instanceof InetSocketAddress inet && inet.getAddress() != null
                    ? inet.getAddress().getHostAddress()
                    : req.remotePeer().host();
            return new Peer(address, req.isSecure());
        }
    }

    private static final HeaderName X_FORWARDED_PROTO = HeaderNames.create("X-Forwarded-Proto");
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection", "te",
            "transfer-encoding", "upgrade", "trailer", "proxy-authenticate", "proxy-authorization");
    private static final Set<String> NOT_TO_BACKEND = Set.of("host", "content-length", "origin", "referer",
            "cookie", "expect", "accept-encoding",
            // who the client is at OpenAI: an account identifier, not the backend's business
            "openai-organization", "openai-project",
            // forwarding claims made by the client (the gateway sets its own)
            "forwarded", "x-real-ip", "x-client-ip", "true-client-ip", "x-original-forwarded-for");
    // Credentials go by many names (Authorization, X-Api-Key, X-Auth-Token, Api-Key, X-Goog-Api-Key, X-Amz-
    // Security-Token, X-Session-Token...): any header naming one of these words is one.
    private static final java.util.List<String> CREDENTIAL_WORDS = java.util.List.of("auth", "token", "api-key",
            "apikey", "secret", "passw", "credential", "session");
    // Framing and server identity are the gateway's own on the way back.
    private static final Set<String> NOT_TO_CLIENT = Set.of("content-length", "date", "server");

    private ForwardedHeaders() {
    }

    public static void toBackend(Headers client, Peer peer, BiConsumer<HeaderName, String> sink) {
        copy(client, name -> NOT_TO_BACKEND.contains(name) || name.startsWith("x-forwarded-")
                || isCredential(name), sink);
        sink.accept(HeaderNames.X_FORWARDED_FOR, peer.address());
        sink.accept(X_FORWARDED_PROTO, peer.secure() ? "https" : "http");
    }

    private static boolean isCredential(String lowerCaseName) {
        for (String word : CREDENTIAL_WORDS) {
            if (lowerCaseName.contains(word)) {
                return true;
            }
        }
        return false;
    }

    public static void toClient(Headers backend, BiConsumer<HeaderName, String> sink) {
        copy(backend, NOT_TO_CLIENT::contains, sink);
    }

    private static void copy(Headers from, java.util.function.Predicate<String> excluded,
                             BiConsumer<HeaderName, String> sink) {
        Set<String> namedInConnection = new HashSet<>();
        from.first(HeaderNames.CONNECTION).ifPresent(v -> {
            for (String token : v.split(",")) {
                namedInConnection.add(token.trim().toLowerCase(Locale.ROOT));
            }
        });
        for (Header h : from) {
            String name = h.name().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) { // not a field-name (RFC 9110 §5.1); Helidon lets it through
                continue;
            }
            if (HOP_BY_HOP.contains(name) || excluded.test(name) || namedInConnection.contains(name)) {
                continue;
            }
            for (String value : h.allValues()) {
                sink.accept(h.headerName(), value);
            }
        }
    }
}
