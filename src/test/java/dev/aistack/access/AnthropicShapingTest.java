package dev.aistack.access;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aistack.support.FakeOllama;
import dev.aistack.support.Http;
import dev.aistack.support.RunningGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A key's shaping policy holds on Anthropic's /v1/messages as on /v1/chat/completions: the Anthropic body is shaped
 * in its own terms (image blocks, top-level system), then translated, so no policy is bypassed by the other protocol.
 */
class AnthropicShapingTest {
    private static final String MESSAGES = "/v1/messages";
    private static final String IMAGE = "{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\","
            + "\"data\":\"AAAA\"}}";

    private final FakeOllama ollama = FakeOllama.start();
    private final RunningGateway gateway = Keys.managed(ollama.url());

    @AfterEach
    void stop() {
        gateway.close();
        ollama.close();
    }

    private JsonNode send(String policy, String body) {
        String key = Keys.create(gateway, policy).path("key").asText();
        Http.Response r = Http.postJson(gateway, MESSAGES, body, "x-api-key", key);
        assertEquals(200, r.status(), r.text());
        var all = ollama.received(Keys.CHAT);
        try {
            return Keys.JSON.readTree(all.get(all.size() - 1).body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void visionFalseDropsAnthropicImageBlocks() {
        JsonNode chat = send("{\"vision\":false}", "{\"model\":\"llama3.2:1b\",\"max_tokens\":8,\"messages\":[{\"role\":"
                + "\"user\",\"content\":[" + IMAGE + ",{\"type\":\"text\",\"text\":\"What is this?\"}]}]}");
        assertFalse(chat.toString().contains("image"), chat.toString());
        assertEquals("What is this?", chat.at("/messages/0/content").asText());
    }

    @Test
    void toolsFalseRemovesTheTools() {
        JsonNode chat = send("{\"tools\":false}", "{\"model\":\"llama3.2:1b\",\"max_tokens\":8,\"tools\":[{\"name\":\"f\","
                + "\"input_schema\":{\"type\":\"object\"}}],\"tool_choice\":{\"type\":\"any\"},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertFalse(chat.has("tools") || chat.has("tool_choice"), chat.toString());
    }

    @Test
    void theKeysSystemPromptGoesBeforeTheClientsAndForceJsonAsksForJson() {
        JsonNode chat = send("{\"system_prompt\":\"Be brief.\",\"force_json\":true}", "{\"model\":\"llama3.2:1b\","
                + "\"max_tokens\":8,\"system\":\"You are a pirate.\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals("system", chat.at("/messages/0/role").asText());
        assertEquals("Be brief.\nYou are a pirate.", chat.at("/messages/0/content").asText());
        assertEquals("json_object", chat.at("/response_format/type").asText());
    }

    @Test
    void aKeyBoundToAModelGetsThatModelOnMessagesToo() {
        JsonNode chat = send("{\"model\":\"llama3.2:1b\"}", "{\"model\":\"other\",\"max_tokens\":8,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals("llama3.2:1b", chat.path("model").asText());
        assertTrue(chat.path("messages").isArray());
    }
}
