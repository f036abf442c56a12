package dev.aistack.anthropic;

import dev.aistack.support.GatewayAndOllama;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aistack.support.FakeOllama;
import dev.aistack.support.Http;
import dev.aistack.support.RunningGateway;
import dev.aistack.support.TaskPoll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /v1/messages and /v1/messages/count_tokens through the real gateway over the Ollama fake, checked against the spec. */
class AnthropicMessagesTest {
    private static final String MESSAGES = "/v1/messages";
    private static final String COUNT = "/v1/messages/count_tokens";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final GatewayAndOllama env = new GatewayAndOllama();

    private static String hello(String extra) {
        return "{\"model\":\"llama3.2:1b\",\"max_tokens\":64," + extra
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello.\"}]}";
    }

    private JsonNode forwarded() throws Exception {
        return JSON.readTree(env.ollama().received("/v1/chat/completions").get(0).body());
    }

    /** The data of each named event, in order, each checked to carry its own name as its type. */
    private static List<JsonNode> events(String stream) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (String block : stream.split("\n\n")) {
            if (block.isBlank()) {
                continue;
            }
            String[] lines = block.split("\n");
            assertTrue(lines[0].startsWith("event: "), block);
            JsonNode data = JSON.readTree(lines[1].substring("data: ".length()));
            assertEquals(lines[0].substring("event: ".length()), data.path("type").asText(), block);
            events.add(data);
        }
        return events;
    }

    private static List<String> types(List<JsonNode> events) {
        return events.stream().map(e -> e.path("type").asText()).toList();
    }

    @Test
    void answersAMessageTranslatedFromTheChatCompletion() throws Exception {
        env.ollama().tokens("Hello", " there");
        Http.Response r = Http.postJson(env.gateway(), MESSAGES, hello("\"system\":\"Be terse.\",\"temperature\":0.2,"),
                "x-api-key", "ignored", "anthropic-version", "2023-06-01");
        assertEquals(200, r.status(), r.text());
        JsonNode message = JSON.readTree(r.body());
        assertTrue(message.path("id").asText().startsWith("msg_"), r.text());
        assertEquals("message", message.path("type").asText());
        assertEquals("assistant", message.path("role").asText());
        assertEquals("Hello there", message.path("content").path(0).path("text").asText());
        assertEquals("end_turn", message.path("stop_reason").asText());
        assertEquals(30, message.path("usage").path("input_tokens").asInt());
        assertEquals(2, message.path("usage").path("output_tokens").asInt());

        JsonNode chat = forwarded();
        assertEquals("system", chat.path("messages").path(0).path("role").asText());
        assertEquals("Be terse.", chat.path("messages").path(0).path("content").asText());
        assertEquals(64, chat.path("max_tokens").asInt());
        assertEquals(0.2, chat.path("temperature").asDouble());
    }

    @Test
    void streamsAnthropicsNamedEventsInOrder() throws Exception {
        env.ollama().tokens("Hel", "lo", " wor", "ld");
        Http.Response r = Http.postJson(env.gateway(), MESSAGES, hello("\"stream\":true,"));
        assertEquals(200, r.status(), r.text());
        assertTrue(r.header("Content-Type").startsWith("text/event-stream"), r.header("Content-Type"));
        List<JsonNode> events = events(r.text());
        assertEquals(List.of("message_start", "content_block_start", "content_block_delta", "content_block_delta",
                "content_block_delta", "content_block_delta", "content_block_stop", "message_delta", "message_stop"),
                types(events));
        StringBuilder text = new StringBuilder();
        events.stream().filter(e -> e.path("type").asText().equals("content_block_delta"))
                .forEach(e -> text.append(e.path("delta").path("text").asText()));
        assertEquals("Hello world", text.toString());
        JsonNode delta = events.get(7);
        assertEquals("end_turn", delta.path("delta").path("stop_reason").asText());
        assertEquals(4, delta.path("usage").path("output_tokens").asInt());
        assertEquals(26, delta.path("usage").path("input_tokens").asInt());
        assertTrue(forwarded().path("stream_options").path("include_usage").asBoolean(), "usage asked for");
    }

    @Test
    void keepsMultiByteCharactersWholeWhenTheBackendSplitsThem() throws Exception {
        env.ollama().tokens("Grüß", " dich ", "👋").splitUtf8Characters();
        Http.Response r = Http.postJson(env.gateway(), MESSAGES, hello("\"stream\":true,"));
        StringBuilder text = new StringBuilder();
        events(r.text()).stream().filter(e -> e.path("type").asText().equals("content_block_delta"))
                .forEach(e -> text.append(e.path("delta").path("text").asText()));
        assertEquals("Grüß dich 👋", text.toString());
    }

    @Test
    void turnsAToolCallIntoAToolUseBlockWithAnInputObject() throws Exception {
        Http.Response r = Http.postJson(env.gateway(), MESSAGES, hello("\"tools\":[{\"name\":\"get_weather\","
                + "\"description\":\"Current weather\",\"input_schema\":{\"type\":\"object\",\"properties\":"
                + "{\"city\":{\"type\":\"string\"}}}}],\"tool_choice\":{\"type\":\"any\"},"));
        assertEquals(200, r.status(), r.text());
        JsonNode message = JSON.readTree(r.body());
        JsonNode use = message.path("content").path(0);
        assertEquals("tool_use", use.path("type").asText(), r.text());
        assertEquals("call_k3j9x0qa", use.path("id").asText());
        assertEquals("get_weather", use.path("name").asText());
        assertEquals("Paris", use.path("input").path("city").asText());
        assertEquals("tool_use", message.path("stop_reason").asText());

        JsonNode chat = forwarded();
        assertEquals("function", chat.path("tools").path(0).path("type").asText());
        assertEquals("object", chat.path("tools").path(0).path("function").path("parameters").path("type").asText());
        assertEquals("required", chat.path("tool_choice").asText());
    }

    @Test
    void sendsABase64ImageAsADataUri() throws Exception {
        String png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";
        Http.Response r = Http.postJson(env.gateway(), MESSAGES, "{\"model\":\"llama3.2:1b\",\"max_tokens\":16,\"messages\":"
                + "[{\"role\":\"user\",\"content\":[{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":"
                + "\"image/png\",\"data\":\"" + png + "\"}},{\"type\":\"text\",\"text\":\"What is this?\"}]}]}");
        assertEquals(200, r.status(), r.text());
        JsonNode parts = forwarded().path("messages").path(0).path("content");
        assertEquals("data:image/png;base64," + png, parts.path(0).path("image_url").path("url").asText());
        assertEquals("What is this?", parts.path(1).path("text").asText());
    }

    @Test
    void givesTheBackendsUnknownModelErrorInAnthropicsShape() throws Exception {
        Http.Response r = Http.postJson(env.gateway(), MESSAGES, hello("").replace("llama3.2:1b", "nope"));
        assertEquals(404, r.status(), r.text());
        JsonNode error = JSON.readTree(r.body());
        assertEquals("error", error.path("type").asText());
        assertEquals("not_found_error", error.path("error").path("type").asText());
        assertEquals("model 'nope' not found", error.path("error").path("message").asText());
    }

    @Test
    void refusesARequestWithoutMaxTokensAsAnthropicDoes() throws Exception {
        Http.Response r = Http.postJson(env.gateway(), MESSAGES, "{\"model\":\"llama3.2:1b\",\"messages\":[]}");
        assertEquals(400, r.status(), r.text());
        JsonNode error = JSON.readTree(r.body());
        assertEquals("invalid_request_error", error.path("error").path("type").asText());
        assertEquals("invalid_request", error.path("error").path("code").asText());
        assertTrue(env.ollama().received("/v1/chat/completions").isEmpty(), "nothing reached the backend");
    }

    @Test
    void dropsAnImageByUrlSoTheBackendNeverFetchesIt() throws Exception {
        Http.Response r = Http.postJson(env.gateway(), MESSAGES, "{\"model\":\"llama3.2:1b\",\"max_tokens\":16,\"messages\":"
                + "[{\"role\":\"user\",\"content\":[{\"type\":\"image\",\"source\":{\"type\":\"url\",\"url\":"
                + "\"http://169.254.169.254/latest\"}},{\"type\":\"text\",\"text\":\"What is this?\"}]}]}");
        assertEquals(200, r.status(), r.text());
        String forwarded = env.ollama().received("/v1/chat/completions").get(0).bodyText();
        assertFalse(forwarded.contains("169.254.169.254"), forwarded);
        assertEquals("What is this?", forwarded().path("messages").path(0).path("content").asText());
    }

    @Test
    void endsABrokenStreamWithAnErrorEvent() throws Exception {
        env.ollama().tokens("a", "b", "c").breakStreamAfter(2);
        Http.Response r = Http.postJson(env.gateway(), MESSAGES, hello("\"stream\":true,"));
        List<JsonNode> events = events(r.text());
        JsonNode last = events.get(events.size() - 1);
        assertEquals("error", last.path("type").asText(), r.text());
        assertEquals("upstream_stream_broken", last.path("error").path("code").asText());
        assertFalse(types(events).contains("message_stop"), r.text());
    }

    @Test
    void aBusyGpuIsAnOverloadedErrorWithRetryAfterWhichTheSdksRetry() throws Exception {
        env.ollama().holdAnswers();
        CompletableFuture<Http.Response> first = CompletableFuture.supplyAsync(
                () -> Http.postJson(env.gateway(), MESSAGES, hello("")));
        assertTrue(env.ollama().awaitRequests("/v1/chat/completions", 1), "the first request reached the backend");
        Http.Response second = Http.postJson(env.gateway(), MESSAGES, hello(""));
        assertEquals(503, second.status(), second.text());
        assertTrue(second.header("Retry-After") != null, "Retry-After is set");
        JsonNode error = JSON.readTree(second.body());
        assertEquals("overloaded_error", error.path("error").path("type").asText(), second.text());
        assertEquals("gpu_busy", error.path("error").path("code").asText(), second.text());
        env.ollama().release();
        assertEquals(200, first.get(10, TimeUnit.SECONDS).status());
    }

    @Test
    void theTaskStatusCountsTheTokensOfAStreamedMessage() throws Exception {
        env.ollama().tokens("a", "b", "c");
        Http.Response r = Http.postJson(env.gateway(), MESSAGES, hello("\"stream\":true,"), "X-Task-Id", "anthropic-task-1");
        assertEquals(200, r.status(), r.text());
        JsonNode task = TaskPoll.finalState(env.gateway(), "anthropic-task-1");
        assertEquals("SUCCESS", task.path("state").asText(), task.toString());
        assertEquals(26, task.at("/extensions/tokens/prompt").asInt(), task.toString());
        assertEquals(3, task.at("/extensions/tokens/completion").asInt(), task.toString());
        assertTrue(task.at("/extensions/tokens/reported").asBoolean(), task.toString());
    }

    @Test
    void countsTokensWithAOneTokenCallToTheBackend() throws Exception {
        Http.Response r = Http.postJson(env.gateway(), COUNT, "{\"model\":\"llama3.2:1b\",\"system\":\"You are a scientist\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");
        assertEquals(200, r.status(), r.text());
        assertEquals(30, JSON.readTree(r.body()).path("input_tokens").asInt());
        JsonNode chat = forwarded();
        assertEquals(1, chat.path("max_tokens").asInt());
        assertFalse(chat.has("stream"), chat.toString());
    }

    @Test
    void pingsWhileTheBackendIsSilentMidStream() throws Exception {
        env.ollama().tokens("a", "b").pauseAfterFirstEvent();
        HttpRequest req = HttpRequest.newBuilder(env.gateway().uri(MESSAGES)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(hello("\"stream\":true,"))).build();
        HttpResponse<InputStream> r = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofInputStream());
        List<String> seen = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            // The backend holds the rest of its stream until the test sees a ping (the relay sends one every 10 s).
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("event: ")) {
                    seen.add(line.substring("event: ".length()));
                }
                if (line.equals("event: ping")) {
                    env.ollama().continueStream();
                }
            }
        }
        assertTrue(seen.contains("ping"), seen.toString());
        assertEquals("message_stop", seen.get(seen.size() - 1), seen.toString());
    }
}
