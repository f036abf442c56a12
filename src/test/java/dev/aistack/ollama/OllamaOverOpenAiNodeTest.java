package dev.aistack.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aistack.support.FakeOpenAiServer;
import dev.aistack.support.Http;
import dev.aistack.support.RunningGateway;
import dev.aistack.support.TaskPoll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ollama's native API through the gateway to an OpenAI-compatible node (vLLM-like): translated both ways. */
class OllamaOverOpenAiNodeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHAT = "/api/chat";
    private static final String TOOLS = ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
            + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}}]";

    private FakeOpenAiServer vllm;
    private RunningGateway gateway;

    @BeforeEach
    void start() {
        vllm = FakeOpenAiServer.start("Qwen/Qwen3-8B");
        gateway = RunningGateway.inFrontOfOpenAiNode(vllm.url());
    }

    @AfterEach
    void stop() {
        gateway.close();
        vllm.close();
    }

    @Test
    void aNativeChatStreamIsTranslatedToOpenAiAndBackIntoNdjsonLines() throws Exception {
        Http.Response r = Http.postJson(gateway, CHAT, "{\"model\":\"Qwen/Qwen3-8B\",\"keep_alive\":\"5m\","
                + "\"options\":{\"num_predict\":32,\"temperature\":0.1},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertEquals(200, r.status());
        assertEquals("application/x-ndjson", r.header("Content-Type"));
        String[] lines = r.text().split("\n");
        assertEquals(3, lines.length, r.text());
        assertEquals("Hello", JSON.readTree(lines[0]).at("/message/content").asText());
        assertEquals(" there", JSON.readTree(lines[1]).at("/message/content").asText());
        JsonNode done = JSON.readTree(lines[2]);
        assertTrue(done.path("done").asBoolean());
        assertEquals("stop", done.path("done_reason").asText());
        assertEquals(12, done.path("prompt_eval_count").asInt());
        assertEquals(2, done.path("eval_count").asInt());
        assertTrue(done.path("total_duration").asLong() > 0);

        JsonNode sent = JSON.readTree(vllm.received("/v1/chat/completions").get(0).body());
        assertEquals(32, sent.path("max_tokens").asInt());
        assertEquals(0.1, sent.path("temperature").asDouble());
        assertTrue(sent.path("stream").asBoolean());
        assertTrue(sent.at("/stream_options/include_usage").asBoolean());
        assertFalse(sent.has("keep_alive"));
    }

    @Test
    void aWholeAnswerIsOneOllamaObject() throws Exception {
        Http.Response r = Http.postJson(gateway, CHAT, "{\"model\":\"Qwen/Qwen3-8B\",\"stream\":false,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\",\"images\":[\"iVBORw0KGgo=\"]}]}");

        JsonNode answer = JSON.readTree(r.body());
        assertEquals("Hello there", answer.at("/message/content").asText());
        assertTrue(answer.path("done").asBoolean());
        assertEquals(12, answer.path("prompt_eval_count").asInt());
        JsonNode sent = JSON.readTree(vllm.received("/v1/chat/completions").get(0).body());
        assertEquals("data:image/png;base64,iVBORw0KGgo=", sent.at("/messages/0/content/1/image_url/url").asText());
    }

    @Test
    void aToolCallStreamedInPiecesArrivesAsOneOllamaToolCallWithObjectArguments() throws Exception {
        Http.Response r = Http.postJson(gateway, CHAT, "{\"model\":\"Qwen/Qwen3-8B\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Weather in Paris?\"}]" + TOOLS + "}");

        String[] lines = r.text().split("\n");
        assertEquals(2, lines.length, r.text());
        JsonNode call = JSON.readTree(lines[0]).at("/message/tool_calls/0");
        assertEquals("get_weather", call.at("/function/name").asText());
        assertEquals("Paris", call.at("/function/arguments/city").asText());
        assertEquals(0, call.at("/function/index").asInt());
        assertTrue(JSON.readTree(lines[1]).path("done").asBoolean());
    }

    @Test
    void aWholeToolCallHasObjectArgumentsToo() throws Exception {
        Http.Response r = Http.postJson(gateway, CHAT, "{\"model\":\"Qwen/Qwen3-8B\",\"stream\":false,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Weather?\"}]" + TOOLS + "}");

        assertEquals("Paris", JSON.readTree(r.body()).at("/message/tool_calls/0/function/arguments/city").asText());
    }

    @Test
    void anOpenAiBodyOnApiChatReachesTheNodeAsAnOpenAiRequest() throws Exception {
        Http.Response r = Http.postJson(gateway, CHAT, "{\"model\":\"Qwen/Qwen3-8B\",\"max_tokens\":5,\"seed\":7,"
                + "\"tool_choice\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]" + TOOLS + "}");

        assertEquals(200, r.status());
        JsonNode sent = JSON.readTree(vllm.received("/v1/chat/completions").get(0).body());
        assertEquals(5, sent.path("max_tokens").asInt());
        assertEquals(7, sent.path("seed").asInt());
        assertEquals("auto", sent.path("tool_choice").asText());
        assertFalse(sent.path("stream").asBoolean());
    }

    @Test
    void generateAndEmbeddingsUseTheMatchingOpenAiRoutes() throws Exception {
        Http.Response gen = Http.postJson(gateway, "/api/generate", "{\"model\":\"Qwen/Qwen3-8B\",\"prompt\":\"Why?\"}");
        String[] lines = gen.text().split("\n");
        assertEquals("Hello", JSON.readTree(lines[0]).path("response").asText());
        assertTrue(JSON.readTree(lines[lines.length - 1]).path("done").asBoolean());
        assertEquals("Why?", JSON.readTree(vllm.received("/v1/completions").get(0).body()).path("prompt").asText());

        JsonNode embed = JSON.readTree(Http.postJson(gateway, "/api/embed",
                "{\"model\":\"Qwen/Qwen3-8B\",\"input\":[\"a\",\"b\"]}").body());
        assertEquals(2, embed.path("embeddings").size());
        assertEquals(8, embed.path("prompt_eval_count").asInt());

        JsonNode older = JSON.readTree(Http.postJson(gateway, "/api/embeddings",
                "{\"model\":\"Qwen/Qwen3-8B\",\"prompt\":\"a\"}").body());
        assertEquals(3, older.path("embedding").size());
    }

    @Test
    void theNodesErrorsComeBackInOllamasShapeWithTheirStatus() throws Exception {
        assertTrue(vllm.awaitRequests("/v1/models", 1), "never probed");
        Thread.sleep(100); // the probe's answer is on its way back; the fault is for the request
        vllm.failWith(429, 1); // the only node: nothing to fail over to, so its answer is the client's
        Http.Response r = Http.postJson(gateway, CHAT, "{\"model\":\"Qwen/Qwen3-8B\",\"messages\":[]}");

        assertEquals(429, r.status());
        assertEquals("{\"error\":\"Too many requests: the server is at capacity.\"}", r.text());
    }

    @Test
    void aModelNoNodeServesIsAnOllamaShaped404FromTheGateway() throws Exception {
        assertTrue(vllm.awaitRequests("/v1/models", 1), "the node's models were never discovered");
        Thread.sleep(100); // the discovery's answer is on its way back
        Http.Response r = Http.postJson(gateway, CHAT, "{\"model\":\"nope\",\"messages\":[]}");

        assertEquals(404, r.status());
        assertEquals("{\"error\":\"The model 'nope' does not exist\",\"code\":\"model_not_found\"}", r.text());
    }

    @Test
    void aStreamThatBreaksEndsWithAnErrorLine() throws Exception {
        vllm.breakStreamAfter(2);
        Http.Response r = Http.postJson(gateway, CHAT, "{\"model\":\"Qwen/Qwen3-8B\",\"messages\":[]}");

        String[] lines = r.text().split("\n");
        JsonNode last = JSON.readTree(lines[lines.length - 1]);
        assertTrue(last.path("error").isTextual(), r.text());
        assertFalse(r.text().contains("\"done\":true"));
    }

    @Test
    void usageIsCountedForTheTask() throws Exception {
        Http.postJson(gateway, CHAT, "{\"model\":\"Qwen/Qwen3-8B\",\"messages\":[]}", "X-Task-Id", "over-vllm-1");

        JsonNode done = TaskPoll.finalState(gateway, "over-vllm-1");
        assertEquals(12, done.at("/extensions/tokens/prompt").asInt(), done.toString());
        assertEquals(2, done.at("/extensions/tokens/completion").asInt());
    }

    @Test
    void tagsPsAndShowListTheNodesModels() throws Exception {
        JsonNode tags = JSON.readTree(Http.get(gateway, "/api/tags", "/api/tags").body());
        assertEquals("Qwen/Qwen3-8B", tags.at("/models/0/name").asText());
        JsonNode ps = JSON.readTree(Http.get(gateway, "/api/ps", "/api/ps").body());
        assertEquals("Qwen/Qwen3-8B", ps.at("/models/0/model").asText());
        assertTrue(ps.at("/models/0/expires_at").asText().compareTo("2300") > 0, ps.toString());

        assertEquals(200, Http.postJson(gateway, "/api/show", "{\"model\":\"Qwen/Qwen3-8B\"}").status());
        Http.Response missing = Http.postJson(gateway, "/api/show", "{\"name\":\"nope\"}");
        assertEquals(404, missing.status());
        assertEquals("model_not_found", JSON.readTree(missing.body()).path("code").asText());
    }
}
