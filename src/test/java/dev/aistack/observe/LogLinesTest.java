package dev.aistack.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/** Log lines are JSON objects carrying the request id; prompts and keys stay out unless explicitly enabled. */
class LogLinesTest {
    private static final String SECRET = "my-card-number-4111";
    private static final String BODY = "{\"model\":\"llama3.2:1b\",\"messages\":[{\"role\":\"user\",\"content\":\"" + SECRET + "\"}]}";

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

    @BeforeEach
    void listen() {
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stop() {
        Logger.getLogger("").removeHandler(capture);
        ollama.close();
    }

    /** The access line is written when the handler returns, just after the response: wait for it (bounded). */
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
        throw new AssertionError("no access line for " + requestId + " in " + lines);
    }

    @Test
    void writesOneJsonAccessLinePerRequestWithoutThePromptOrKey() throws Exception {
        try (RunningGateway gateway = RunningGateway.inFrontOf(ollama.url())) {
            Http.postJson(gateway, "/v1/chat/completions", BODY, "X-Request-Id", "log-1",
                    "Authorization", "Bearer sk-very-secret");
            JsonNode line = accessLine("log-1");
            assertEquals("INFO", line.path("level").asText());
            assertEquals("POST", line.path("method").asText());
            assertEquals("/v1/chat/completions", line.path("path").asText());
            assertEquals(200, line.path("status").asInt());
            assertEquals("llama3.2:1b", line.path("model").asText());
            assertTrue(line.path("duration_ms").isNumber());
            assertTrue(line.path("upstream_ms").isNumber());
            assertTrue(line.has("time"));
            for (String l : lines) {
                assertFalse(l.contains(SECRET), "a prompt was logged: " + l);
                assertFalse(l.contains("sk-very-secret"), "a key was logged: " + l);
            }
        }
    }

    @Test
    void logsPromptsOnlyWhenAskedTo() throws Exception {
        try (RunningGateway gateway = RunningGateway.inFrontOf(ollama.url(), "AISTACK_LOG_PROMPTS", "true")) {
            Http.postJson(gateway, "/v1/chat/completions", BODY, "X-Request-Id", "log-2");
            accessLine("log-2");
            assertTrue(lines.stream().anyMatch(l -> l.contains(SECRET) && l.contains("\"request_id\":\"log-2\"")), lines.toString());
        }
    }
}
