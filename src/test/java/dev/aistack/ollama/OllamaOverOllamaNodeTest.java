package dev.aistack.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aistack.support.FakeOllama;
import dev.aistack.support.GatewayAndOllama;
import dev.aistack.support.Http;
import dev.aistack.support.RunningGateway;
import dev.aistack.support.TaskPoll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ollama's native API through the gateway to an Ollama node: byte for byte, keep_alive natively, NDJSON per line. */
class OllamaOverOllamaNodeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHAT = "/api/chat";

    @RegisterExtension
    final GatewayAndOllama env = new GatewayAndOllama();

    @Test
    void aNativeChatStreamsNdjsonByDefaultAndGetsTheDefaultKeepAliveInItsBody() throws Exception {
        String body = "{\"model\":\"llama3.2:1b\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"options\":{\"num_ctx\":8192}}";
        Http.Response r = Http.postJson(env.gateway(), CHAT, body);

        assertEquals(200, r.status());
        assertEquals("application/x-ndjson", r.header("Content-Type"));
        String[] lines = r.text().split("\n");
        assertEquals(3, lines.length, r.text());
        assertEquals("Hello", JSON.readTree(lines[0]).path("message").path("content").asText());
        assertTrue(JSON.readTree(lines[2]).path("done").asBoolean());
        // The body as sent, with only the gateway's default appended: Ollama applies it itself.
        assertEquals(body.substring(0, body.length() - 1) + ",\"keep_alive\":\"30s\"}",
                env.ollama().received(CHAT).get(0).bodyText());
    }

    @Test
    void eachNdjsonLineReachesTheClientWhileOllamaIsStillGenerating() throws Exception {
        env.ollama().pauseAfterFirstEvent(); // the rest of the stream waits until the client has seen line one
        HttpResponse<Stream<String>> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(env.gateway().uri(CHAT))
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"llama3.2:1b\",\"messages\":[]}")).build(),
                HttpResponse.BodyHandlers.ofLines());
        Iterator<String> lines = r.body().iterator();

        assertEquals("Hello", JSON.readTree(lines.next()).at("/message/content").asText());
        env.ollama().continueStream();
        assertEquals(" there", JSON.readTree(lines.next()).at("/message/content").asText());
        assertTrue(JSON.readTree(lines.next()).path("done").asBoolean());
    }

    @Test
    void aClientsOwnKeepAliveGoesThroughByteForByteAndNeedsNoSeparateKeepAliveCall() throws Exception {
        String body = "{ \"model\" : \"llama3.2:1b\", \"stream\":false, \"keep_alive\": -1,"
                + " \"messages\":[{\"role\":\"user\",\"content\":\"h\\u00e9\"}]}";
        Http.Response r = Http.postJson(env.gateway(), CHAT, body);

        assertEquals(200, r.status());
        assertEquals("Hello there", JSON.readTree(r.body()).path("message").path("content").asText());
        assertEquals(body, env.ollama().received(CHAT).get(0).bodyText());
        Thread.sleep(300); // a keep_alive call would start right after the answer; none may come
        assertEquals(List.of(), env.ollama().received("/api/generate"));
    }

    @Test
    void anOpenAiBodyIsTranslatedToTheNativeRequestAndAnsweredInOllamasShape() throws Exception {
        String body = "{\"model\":\"llama3.2:1b\",\"max_tokens\":64,\"temperature\":0.2,\"stop\":\"END\","
                + "\"response_format\":{\"type\":\"json_object\"},\"messages\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"What is this?\"},{\"type\":\"image_url\",\"image_url\":{\"url\":"
                + "\"data:image/png;base64,iVBORw0KGgo=\"}}]}]}";
        Http.Response r = Http.postJson(env.gateway(), CHAT, body);

        assertEquals(200, r.status(), r.text());
        JsonNode answer = JSON.readTree(r.body());
        assertTrue(answer.path("done").asBoolean()); // OpenAI's default: one object, not a stream
        assertEquals(26, answer.path("prompt_eval_count").asInt());
        JsonNode sent = JSON.readTree(env.ollama().received(CHAT).get(0).body());
        assertEquals("What is this?", sent.at("/messages/0/content").asText());
        assertEquals("iVBORw0KGgo=", sent.at("/messages/0/images/0").asText());
        assertEquals(64, sent.at("/options/num_predict").asInt());
        assertEquals("END", sent.at("/options/stop/0").asText());
        assertEquals("json", sent.path("format").asText());
        assertFalse(sent.path("stream").asBoolean(true));
        assertEquals("30s", sent.path("keep_alive").asText());
    }

    @Test
    void aStreamedOpenAiBodyIsAnsweredWithNdjsonLines() throws Exception {
        Http.Response r = Http.postJson(env.gateway(), CHAT, "{\"model\":\"llama3.2:1b\",\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertEquals("application/x-ndjson", r.header("Content-Type"));
        String[] lines = r.text().split("\n");
        assertEquals(3, lines.length, r.text());
        assertEquals(470_000_000L, JSON.readTree(lines[2]).path("eval_duration").asLong()); // Ollama's own figures
        JsonNode sent = JSON.readTree(env.ollama().received(CHAT).get(0).body());
        assertTrue(sent.path("stream").asBoolean());
        assertFalse(sent.has("stream_options"));
    }

    @Test
    void aNativeToolCallComesBackAsOllamaSentIt() throws Exception {
        String body = "{\"model\":\"llama3.2:1b\",\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Paris?\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":{}}}]}";
        Http.Response r = Http.postJson(env.gateway(), CHAT, body);

        JsonNode first = JSON.readTree(r.text().split("\n")[0]);
        assertEquals("Paris", first.at("/message/tool_calls/0/function/arguments/city").asText());
    }

    @Test
    void aNativeStreamThatBreaksEndsWithAnErrorLineInOllamasForm() throws Exception {
        env.ollama().breakStreamAfter(1);
        Http.Response r = Http.postJson(env.gateway(), CHAT, "{\"model\":\"llama3.2:1b\",\"messages\":[]}");

        String[] lines = r.text().split("\n");
        assertEquals(2, lines.length, r.text());
        JsonNode last = JSON.readTree(lines[1]);
        assertTrue(last.path("error").isTextual(), r.text());
        assertEquals("upstream_stream_broken", last.path("code").asText());
    }

    @Test
    void tokensOfTheDoneLineAreCountedForTheTask() throws Exception {
        Http.postJson(env.gateway(), CHAT, "{\"model\":\"llama3.2:1b\",\"messages\":[]}", "X-Task-Id", "ollama-1");

        JsonNode done = TaskPoll.finalState(env.gateway(), "ollama-1");
        assertEquals("SUCCESS", done.path("state").asText(), done.toString());
        assertEquals(26, done.at("/extensions/tokens/prompt").asInt());
        assertEquals(2, done.at("/extensions/tokens/completion").asInt());
    }

    @Test
    void generateEmbedAndTheOlderEmbeddingsPassThrough() throws Exception {
        Http.Response gen = Http.postJson(env.gateway(), "/api/generate",
                "{\"model\":\"llama3.2:1b\",\"prompt\":\"Why?\",\"stream\":false}");
        assertEquals("Hello there", JSON.readTree(gen.body()).path("response").asText());

        Http.Response embed = Http.postJson(env.gateway(), "/api/embed", "{\"model\":\"llama3.2:1b\",\"input\":\"x\"}");
        assertEquals(3, JSON.readTree(embed.body()).at("/embeddings/0").size());

        Http.Response older = Http.postJson(env.gateway(), "/api/embeddings",
                "{\"model\":\"llama3.2:1b\",\"prompt\":\"x\"}");
        assertEquals(3, JSON.readTree(older.body()).path("embedding").size());
    }

    @Test
    void ollamasOwnErrorsPassThroughAndTheGatewaysAreInOllamasShape() throws Exception {
        Http.Response unknown = Http.postJson(env.gateway(), CHAT, "{\"model\":\"nope\",\"messages\":[]}");
        assertEquals(404, unknown.status());
        assertEquals("{\"error\":\"model 'nope' not found\"}", unknown.text());

        Http.Response bad = Http.postJson(env.gateway(), CHAT, "{\"model\":");
        assertEquals(400, bad.status());
        JsonNode error = JSON.readTree(bad.body());
        assertTrue(error.path("error").isTextual(), bad.text());
        assertEquals("invalid_json", error.path("code").asText());
    }

    @Test
    void tagsPsShowVersionAndTheRootAnswerAsOllamaDoes() throws Exception {
        JsonNode tags = JSON.readTree(Http.get(env.gateway(), "/api/tags", "/api/tags").body());
        assertEquals("llama3.2:1b", tags.at("/models/0/name").asText());
        assertEquals("gguf", tags.at("/models/0/details/format").asText());

        Http.postJson(env.gateway(), CHAT, "{\"model\":\"llama3.2:1b\",\"stream\":false,\"messages\":[]}");
        JsonNode ps = JSON.readTree(Http.get(env.gateway(), "/api/ps", "/api/ps").body());
        assertEquals("llama3.2:1b", ps.at("/models/0/name").asText());

        Http.Response show = Http.postJson(env.gateway(), "/api/show", "{\"model\":\"llama3.2:1b\"}");
        assertEquals("llama", JSON.readTree(show.body()).at("/details/family").asText());
        Http.Response missing = Http.postJson(env.gateway(), "/api/show", "{\"model\":\"nope\"}");
        assertEquals(404, missing.status());

        assertEquals(OllamaApi.VERSION, JSON.readTree(Http.get(env.gateway(), "/api/version", "/api/version").body())
                .path("version").asText());
        Http.Response root = Http.get(env.gateway(), "/", "/");
        assertEquals("Ollama is running", root.text());
        assertEquals(200, Http.send(env.gateway(), "HEAD", "/", "/", null).status());
        assertEquals(200, Http.send(env.gateway(), "HEAD", "/api/tags", "/api/tags", null).status());
        assertEquals(200, Http.send(env.gateway(), "HEAD", "/api/version", "/api/version", null).status());
    }

    @Test
    void aKeyBoundToOneModelSeesOnlyThatModel() throws Exception {
        try (FakeOllama ollama = FakeOllama.start().addModel("qwen3:4b");
             RunningGateway gw = RunningGateway.inFrontOf(ollama.url(), "AISTACK_KEY_PEPPER",
                     "pepper-for-the-tests-0123456789", "AISTACK_ADMIN_TOKEN", "admin-token-for-the-tests-0123")) {
            Http.Response created = Http.send(gw, "POST", "/admin/v1/keys", "/admin/v1/keys",
                    "{\"name\":\"bound\",\"model\":\"qwen3:4b\"}", "Authorization",
                    "Bearer admin-token-for-the-tests-0123", "Content-Type", "application/json");
            String key = JSON.readTree(created.body()).path("key").asText();

            JsonNode tags = JSON.readTree(Http.get(gw, "/api/tags", "/api/tags", "Authorization", "Bearer " + key)
                    .body());
            assertEquals(1, tags.path("models").size(), tags.toString());
            assertEquals("qwen3:4b", tags.at("/models/0/name").asText());
            assertEquals(401, Http.get(gw, "/api/tags", "/api/tags").status());
        }
    }
}
