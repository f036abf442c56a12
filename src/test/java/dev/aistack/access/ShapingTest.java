package dev.aistack.access;

import dev.aistack.support.FakeOllama;
import dev.aistack.support.Http;
import dev.aistack.support.RunningGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Shaping changes only what the policy says; untouched bodies arrive byte for byte, touched ones keep the rest. */
class ShapingTest {
    private static final String REMOTE = "{\"type\":\"image_url\",\"image_url\":{\"url\":\"http://169.254.169.254/x.png\"}}";
    private static final String INLINE = "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AAAA\"}}";
    private static final String TEXT = "{\"type\":\"text\",\"text\":\"what is this?\"}";

    private final FakeOllama ollama = FakeOllama.start();
    private final RunningGateway gateway = Keys.managed(ollama.url());

    @AfterEach
    void stop() {
        gateway.close();
        ollama.close();
    }

    private String forwarded() {
        var all = ollama.received(Keys.CHAT);
        return all.get(all.size() - 1).bodyText();
    }

    private static String withParts(String... parts) {
        return "{\"model\":\"llama3.2:1b\",\"messages\":[{\"role\":\"user\",\"content\":[" + String.join(",", parts)
                + "]}],\"x_vendor\":{\"b\":2,\"a\":1},\"temperature\":0.70}";
    }

    @Test
    void inOpenModeAnUntouchedBodyArrivesByteForByte() {
        String body = "{ \"model\" : \"llama3.2:1b\",\n \"messages\":[{\"role\":\"user\",\"content\":[" + TEXT + ","
                + INLINE + "]}], \"seed\": 1e3, \"x\":\"\\u00e9\" }";
        Http.postJson(gateway, Keys.CHAT, body);
        assertEquals(body, forwarded());
    }

    @Test
    void remoteImageUrlsAreDroppedEvenInOpenModeAndTheRestKeepsItsOrderAndValues() {
        Http.postJson(gateway, Keys.CHAT, withParts(TEXT, REMOTE, INLINE));
        assertEquals(withParts(TEXT, INLINE), forwarded());
    }

    @Test
    void aKeyWithoutPolicyEditsForwardsTheSameBytes() {
        String k = Keys.create(gateway, "{\"name\":\"plain\",\"tools\":false}").path("key").asText();
        String body = "{\"model\":\"llama3.2:1b\" , \"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"n\":1.50}";
        Keys.chatBody(gateway, k, body);
        assertEquals(body, forwarded()); // tools:false, but there were no tools: nothing to shape
    }

    @Test
    void visionFalseDropsEveryImagePart() {
        String k = Keys.create(gateway, "{\"vision\":false}").path("key").asText();
        Keys.chatBody(gateway, k, withParts(TEXT, INLINE));
        assertEquals(withParts(TEXT), forwarded());
    }

    @Test
    void toolsFalseRemovesToolsToolChoiceAndParallelToolCalls() {
        String k = Keys.create(gateway, "{\"tools\":false}").path("key").asText();
        Keys.chatBody(gateway, k, "{\"model\":\"llama3.2:1b\",\"tools\":[{\"type\":\"function\",\"function\":"
                + "{\"name\":\"f\"}}],\"messages\":[],\"tool_choice\":\"auto\",\"parallel_tool_calls\":true,\"z\":9}");
        assertEquals("{\"model\":\"llama3.2:1b\",\"messages\":[],\"z\":9}", forwarded());
    }

    @Test
    void forceJsonAndASystemPromptAreApplied() {
        String k = Keys.create(gateway, "{\"force_json\":true,\"system_prompt\":\"Be brief.\"}").path("key").asText();
        Keys.chatBody(gateway, k, "{\"model\":\"llama3.2:1b\",\"response_format\":{\"type\":\"text\"},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"big\":123456789012345678901234567890}");
        assertEquals("{\"model\":\"llama3.2:1b\",\"response_format\":{\"type\":\"json_object\"},\"messages\":["
                + "{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"big\":123456789012345678901234567890}", forwarded());
    }
}
