package dev.aistack.observe;

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

/** Log logs.lines() are JSON objects carrying the request id; prompts and keys stay out unless explicitly enabled. */
class LogLinesTest {
    private static final String SECRET = "my-card-number-4111";
    private static final String BODY = "{\"model\":\"llama3.2:1b\",\"messages\":[{\"role\":\"user\",\"content\":\"" + SECRET + "\"}]}";

    @RegisterExtension
    final LogCapture logs = new LogCapture();
    private final FakeOllama ollama = FakeOllama.start();

    @AfterEach
    void stop() {
        ollama.close();
    }

    @Test
    void writesOneJsonAccessLinePerRequestWithoutThePromptOrKey() throws Exception {
        try (RunningGateway gateway = RunningGateway.inFrontOf(ollama.url())) {
            Http.postJson(gateway, "/v1/chat/completions", BODY, "X-Request-Id", "log-1",
                    "Authorization", "Bearer sk-very-secret");
            JsonNode line = logs.accessLine("log-1");
            assertEquals("INFO", line.path("level").asText());
            assertEquals("POST", line.path("method").asText());
            assertEquals("/v1/chat/completions", line.path("path").asText());
            assertEquals(200, line.path("status").asInt());
            assertEquals("llama3.2:1b", line.path("model").asText());
            assertTrue(line.path("duration_ms").isNumber());
            assertTrue(line.path("upstream_ms").isNumber());
            assertTrue(line.has("time"));
            for (String l : logs.lines()) {
                assertFalse(l.contains(SECRET), "a prompt was logged: " + l);
                assertFalse(l.contains("sk-very-secret"), "a key was logged: " + l);
            }
        }
    }

    @Test
    void logsPromptsOnlyWhenAskedTo() throws Exception {
        try (RunningGateway gateway = RunningGateway.inFrontOf(ollama.url(), "AISTACK_LOG_PROMPTS", "true")) {
            Http.postJson(gateway, "/v1/chat/completions", BODY, "X-Request-Id", "log-2");
            logs.accessLine("log-2");
            assertTrue(logs.lines().stream().anyMatch(l -> l.contains(SECRET) && l.contains("\"request_id\":\"log-2\"")), logs.lines().toString());
        }
    }
}
