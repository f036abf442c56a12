package dev.aistack.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aistack.support.FakeOllama;
import dev.aistack.support.LogCapture;
import dev.aistack.support.Http;
import dev.aistack.support.RunningGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Per-key metrics by key id and reason, key_id on the access line, and the secret nowhere. */
class KeyObservabilityTest {
    @RegisterExtension
    final LogCapture logs = new LogCapture();
    private final FakeOllama ollama = FakeOllama.start();
    private final RunningGateway gateway = Keys.managed(ollama.url());

    @AfterEach
    void stop() {
        gateway.close();
        ollama.close();
    }

    @Test
    void requestsTokensAndRejectionsAreCountedByKeyIdAndTheSecretIsNeverShown() throws Exception {
        JsonNode created = Keys.create(gateway, "{\"rpm\":1}");
        String id = created.path("id").asText();
        String secret = created.path("key").asText();
        Keys.chat(gateway, secret, "X-Request-Id", "keyed-1");
        Keys.chat(gateway, secret, "X-Request-Id", "keyed-2"); // over the rpm
        Keys.chat(gateway, "ask-0000000000000000000000000000000000000000", "X-Request-Id", "keyed-3");

        String tokens = "aistack_key_tokens_total{key_id=\"" + id + "\",kind=\"prompt\"} 30.0";
        String metrics = Http.get(gateway, "/metrics", "/metrics").text();
        long deadline = System.nanoTime() + 10_000_000_000L; // tokens are counted as the request ends: wait for it
        while (!metrics.contains(tokens) && System.nanoTime() < deadline) {
            Thread.sleep(10);
            metrics = Http.get(gateway, "/metrics", "/metrics").text();
        }
        assertTrue(metrics.contains("aistack_key_requests_total{key_id=\"" + id + "\"} 1.0"), metrics);
        assertTrue(metrics.contains(tokens), metrics);
        assertTrue(metrics.contains("aistack_key_rejections_total{key_id=\"" + id
                + "\",reason=\"rate_limit_exceeded\"} 1.0"), metrics);
        assertTrue(metrics.contains("aistack_key_rejections_total{key_id=\"unknown\",reason=\"invalid_api_key\"} 1.0"),
                metrics);

        assertEquals(id, logs.accessLine("keyed-1").path("key_id").asText());
        assertEquals(429, logs.accessLine("keyed-2").path("status").asInt());
        assertEquals(401, logs.accessLine("keyed-3").path("status").asInt());
        assertFalse(metrics.contains(secret));
        for (String l : logs.lines()) {
            assertFalse(l.contains(secret) || l.contains(secret.substring(4)), "a secret was logged: " + l);
        }
    }
}
