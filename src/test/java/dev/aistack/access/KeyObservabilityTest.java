package dev.aistack.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aistack.observe.JsonLogFormatter;
import dev.aistack.support.FakeOllama;
import dev.aistack.support.Http;
import dev.aistack.support.RunningGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Per-key metrics by key id and reason, key_id on the access line, and the secret nowhere. */
class KeyObservabilityTest {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final JsonLogFormatter formatter = new JsonLogFormatter();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(formatter.format(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final FakeOllama ollama = FakeOllama.start();
    private final RunningGateway gateway = Keys.managed(ollama.url());

    @BeforeEach
    void listen() {
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stop() {
        Logger.getLogger("").removeHandler(capture);
        gateway.close();
        ollama.close();
    }

    private JsonNode accessLine(String requestId) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (String line : lines) {
                JsonNode n = new ObjectMapper().readTree(line);
                if ("aistack.access".equals(n.path("logger").asText()) && requestId.equals(n.path("request_id").asText())) {
                    return n;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no access line for " + requestId);
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

        assertEquals(id, accessLine("keyed-1").path("key_id").asText());
        assertEquals(429, accessLine("keyed-2").path("status").asInt());
        assertEquals(401, accessLine("keyed-3").path("status").asInt());
        assertFalse(metrics.contains(secret));
        for (String l : lines) {
            assertFalse(l.contains(secret) || l.contains(secret.substring(4)), "a secret was logged: " + l);
        }
    }
}
