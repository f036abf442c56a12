package dev.aistack.upstream;

import io.helidon.http.HeaderNames;
import io.helidon.http.WritableHeaders;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ForwardedHeadersTest {
    @Test
    void dropsHopByHopHostOriginAndCredentialsTowardsTheBackend() {
        WritableHeaders<?> client = WritableHeaders.create();
        client.add(HeaderNames.HOST, "api.example.com");
        client.add(HeaderNames.ORIGIN, "https://app.example.com");
        client.add(HeaderNames.AUTHORIZATION, "Bearer sk-secret");
        client.add(HeaderNames.create("x-api-key"), "secret");
        client.add(HeaderNames.CONNECTION, "keep-alive, X-Custom-Hop");
        client.add(HeaderNames.create("X-Custom-Hop"), "1");
        client.add(HeaderNames.TRANSFER_ENCODING, "chunked");
        client.add(HeaderNames.CONTENT_LENGTH, "12");
        client.add(HeaderNames.CONTENT_TYPE, "application/json");
        client.add(HeaderNames.create("X-Request-Id"), "abc");
        client.add(HeaderNames.USER_AGENT, "OpenAI/Java");

        List<String> forwarded = new ArrayList<>();
        ForwardedHeaders.toBackend(client, new ForwardedHeaders.Peer("127.0.0.9", false),
                (name, value) -> forwarded.add(name.defaultCase() + ": " + value));

        assertEquals(Set.of("Content-Type: application/json", "X-Request-Id: abc", "User-Agent: OpenAI/Java",
                "X-Forwarded-For: 127.0.0.9", "X-Forwarded-Proto: http"), Set.copyOf(forwarded));
    }

    @Test
    void keepsEndToEndHeadersTowardsTheClient() {
        WritableHeaders<?> backend = WritableHeaders.create();
        backend.add(HeaderNames.CONTENT_TYPE, "text/event-stream");
        backend.add(HeaderNames.DATE, "Mon, 23 Nov 2026 10:00:00 GMT");
        backend.add(HeaderNames.TRANSFER_ENCODING, "chunked");
        backend.add(HeaderNames.CONTENT_LENGTH, "5");
        backend.add(HeaderNames.create("X-Backend"), "ollama");

        List<String> relayed = new ArrayList<>();
        ForwardedHeaders.toClient(backend, (name, value) -> relayed.add(name.defaultCase() + ": " + value));

        assertEquals(Set.of("Content-Type: text/event-stream", "X-Backend: ollama"), Set.copyOf(relayed));
    }
}
