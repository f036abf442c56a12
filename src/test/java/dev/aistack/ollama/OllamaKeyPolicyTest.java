package dev.aistack.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aistack.support.FakeOllama;
import dev.aistack.support.Http;
import dev.aistack.support.RunningGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** A managed key's policy holds on /api/chat as on /v1: model binding, no tools, no images, a system prompt. */
class OllamaKeyPolicyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "admin-token-for-the-tests-0123";
    private static final String NATIVE = "{\"model\":\"anything\",\"stream\":false,\"messages\":[{\"role\":\"user\","
            + "\"content\":\"What is it?\",\"images\":[\"iVBORw0KGgo=\"]}],\"tools\":[{\"type\":\"function\","
            + "\"function\":{\"name\":\"f\"}}]}";

    private FakeOllama ollama;
    private RunningGateway gw;

    @BeforeEach
    void start() {
        ollama = FakeOllama.start();
        gw = RunningGateway.inFrontOf(ollama.url(), "AISTACK_KEY_PEPPER", "pepper-for-the-tests-0123456789",
                "AISTACK_ADMIN_TOKEN", ADMIN);
    }

    @AfterEach
    void stop() {
        gw.close();
        ollama.close();
    }

    @Test
    void aNativeBodyIsShapedByTheKeysPolicy() throws Exception {
        String key = key("{\"name\":\"strict\",\"model\":\"llama3.2:1b\",\"tools\":false,\"vision\":false,"
                + "\"system_prompt\":\"Be terse.\"}");

        Http.Response r = Http.postJson(gw, "/api/chat", NATIVE, "Authorization", "Bearer " + key);

        assertEquals(200, r.status(), r.text());
        JsonNode sent = JSON.readTree(ollama.received("/api/chat").get(0).body());
        assertEquals("llama3.2:1b", sent.path("model").asText());
        assertFalse(sent.has("tools"), sent.toString());
        assertFalse(sent.at("/messages/1").has("images"), sent.toString());
        assertEquals("Be terse.", sent.at("/messages/0/content").asText());
    }

    @Test
    void anUnrestrictedKeysNativeBodyGoesThroughAsSent() throws Exception {
        String key = key("{\"name\":\"free\"}");
        String body = NATIVE.replace("anything", "llama3.2:1b");

        Http.postJson(gw, "/api/chat", body, "Authorization", "Bearer " + key);

        assertEquals(body.substring(0, body.length() - 1) + ",\"keep_alive\":\"30s\"}",
                ollama.received("/api/chat").get(0).bodyText());
    }

    private String key(String policy) throws Exception {
        Http.Response created = Http.send(gw, "POST", "/admin/v1/keys", "/admin/v1/keys", policy, "Authorization",
                "Bearer " + ADMIN, "Content-Type", "application/json");
        assertEquals(201, created.status(), created.text());
        return JSON.readTree(created.body()).path("key").asText();
    }
}
