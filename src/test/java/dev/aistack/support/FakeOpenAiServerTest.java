package dev.aistack.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The vLLM-shaped fake itself: a wrong fake would make every routing test prove nothing. */
class FakeOpenAiServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final String MODEL = "Qwen/Qwen2.5-7B-Instruct";

    private final FakeOpenAiServer vllm = FakeOpenAiServer.start(MODEL);

    @AfterEach
    void stop() {
        vllm.close();
    }

    @Test
    void listsItsModelsAsVllmModelCards() throws Exception {
        HttpResponse<String> r = get("/v1/models");
        assertEquals(200, r.statusCode());
        JsonNode card = JSON.readTree(r.body()).path("data").get(0);
        assertEquals("list", JSON.readTree(r.body()).path("object").asText());
        assertEquals(MODEL, card.path("id").asText());
        assertEquals("model", card.path("object").asText());
        assertEquals("vllm", card.path("owned_by").asText());
        assertEquals(MODEL, card.path("root").asText());
        assertTrue(card.has("parent") && card.get("parent").isNull());
        assertEquals(4096, card.path("max_model_len").asInt());
    }

    @Test
    void answersHealthWithAnEmptyOk() throws Exception {
        HttpResponse<String> r = get("/health");
        assertEquals(200, r.statusCode());
        assertEquals("", r.body());
    }

    @Test
    void answersAChatCompletionInOneBody() throws Exception {
        HttpResponse<String> r = post("/v1/chat/completions", chat(false, false));
        assertEquals(200, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
        JsonNode body = JSON.readTree(r.body());
        assertEquals("chat.completion", body.path("object").asText());
        assertEquals(MODEL, body.path("model").asText());
        assertEquals("Hello there", body.path("choices").get(0).path("message").path("content").asText());
        assertEquals("stop", body.path("choices").get(0).path("finish_reason").asText());
        assertEquals(2, body.path("usage").path("completion_tokens").asInt());
    }

    @Test
    void streamsAChatCompletionEndingWithAUsageChunkAndDone() throws Exception {
        HttpResponse<String> r = post("/v1/chat/completions", chat(true, true));
        assertEquals("text/event-stream; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
        List<String> events = events(r.body());
        assertEquals("data: [DONE]", events.get(events.size() - 1));
        JsonNode first = JSON.readTree(events.get(0).substring("data: ".length()));
        assertEquals("chat.completion.chunk", first.path("object").asText());
        assertEquals("assistant", first.path("choices").get(0).path("delta").path("role").asText());
        JsonNode usage = JSON.readTree(events.get(events.size() - 2).substring("data: ".length()));
        assertTrue(usage.path("choices").isArray() && usage.path("choices").isEmpty());
        assertEquals(14, usage.path("usage").path("total_tokens").asInt());
        assertTrue(r.body().contains("\"delta\":{\"content\":\"Hello\"}"), r.body());
    }

    @Test
    void streamsWithoutAUsageChunkUnlessAskedFor() throws Exception {
        String body = post("/v1/chat/completions", chat(true, false)).body();
        assertFalse(body.contains("\"usage\""), body);
        assertTrue(body.endsWith("data: [DONE]\n\n"), body);
    }

    @Test
    void answersTextCompletionsAndEmbeddings() throws Exception {
        JsonNode completion = JSON.readTree(post("/v1/completions",
                "{\"model\":\"" + MODEL + "\",\"prompt\":\"Say hi\"}").body());
        assertEquals("text_completion", completion.path("object").asText());
        assertEquals("Hello there", completion.path("choices").get(0).path("text").asText());

        JsonNode embeddings = JSON.readTree(post("/v1/embeddings",
                "{\"model\":\"" + MODEL + "\",\"input\":[\"a\",\"b\"]}").body());
        assertEquals(2, embeddings.path("data").size());
        assertEquals("embedding", embeddings.path("data").get(1).path("object").asText());
    }

    @Test
    void refusesAnUnknownModelAsVllmDoes() throws Exception {
        HttpResponse<String> r = post("/v1/chat/completions", "{\"model\":\"x\",\"messages\":[]}");
        assertEquals(404, r.statusCode());
        assertEquals("{\"error\":{\"message\":\"The model `x` does not exist.\",\"type\":\"NotFoundError\","
                + "\"param\":\"model\",\"code\":404}}", r.body());
    }

    @Test
    void recordsEachRequestWithItsAuthorizationAndBody() throws Exception {
        vllm.requireApiKey("vllm-secret");
        String body = chat(false, false);
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/v1/chat/completions"))
                .header("Authorization", "Bearer vllm-secret").POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(200, r.statusCode());
        FakeOllama.Received received = vllm.received("/v1/chat/completions").get(0);
        assertEquals("POST", received.method());
        assertEquals("Bearer vllm-secret", received.header("Authorization"));
        assertEquals(body, received.bodyText());
    }

    @Test
    void refusesARequestWithoutTheApiKeyItRequires() throws Exception {
        vllm.requireApiKey("vllm-secret");
        HttpResponse<String> r = get("/v1/models");
        assertEquals(401, r.statusCode());
        assertEquals("{\"error\":\"Unauthorized\"}", r.body());
        assertEquals(200, get("/health").statusCode(), "health is not guarded");
    }

    @Test
    void answers503UntilItRecovers() throws Exception {
        vllm.failWith(503);
        assertEquals(503, post("/v1/chat/completions", chat(false, false)).statusCode());
        assertEquals(503, get("/v1/models").statusCode(), "the probe fails too");
        vllm.recover();
        assertEquals(200, post("/v1/chat/completions", chat(false, false)).statusCode());
    }

    @Test
    void answers429ForAsManyRequestsAsToldThenServes() throws Exception {
        vllm.failWith(429, 2);
        HttpResponse<String> first = post("/v1/chat/completions", chat(false, false));
        assertEquals(429, first.statusCode());
        assertEquals("RateLimitError", JSON.readTree(first.body()).path("error").path("type").asText());
        assertEquals(429, post("/v1/chat/completions", chat(false, false)).statusCode());
        assertEquals(200, post("/v1/chat/completions", chat(false, false)).statusCode());
    }

    @Test
    void refusesConnectionsUntilItListensAgainOnTheSamePort() throws Exception {
        vllm.refuseConnections();
        assertThrows(ConnectException.class, () -> get("/health"));
        vllm.acceptConnections();
        assertEquals(200, get("/health").statusCode());
    }

    @Test
    void breaksAStreamMidwayAfterTheEventsItWasToldToSend() throws Exception {
        vllm.breakStreamAfter(2);
        // A raw socket, because an HTTP client may drop the bytes it buffered when the body breaks.
        String body = chat(true, false);
        String wire;
        try (Socket socket = new Socket("127.0.0.1", vllm.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.UTF_8));
            ByteArrayOutputStream seen = new ByteArrayOutputStream();
            try {
                socket.getInputStream().transferTo(seen);
            } catch (SocketException reset) {
                // the connection was dropped: what the test wants; the bytes before it are in seen
            }
            wire = seen.toString(StandardCharsets.UTF_8);
        }
        assertTrue(wire.startsWith("HTTP/1.1 200"), wire);
        assertEquals(2, wire.split("data: ", -1).length - 1, wire);
        assertFalse(wire.endsWith("0\r\n\r\n"), "no last chunk: the body did not end cleanly: " + wire);
    }

    @Test
    void keepsItsFirstByteBackForTheDelayItWasGiven() {
        vllm.delayFirstByte(Duration.ofSeconds(20));
        HttpRequest request = HttpRequest.newBuilder(uri("/v1/chat/completions")).timeout(Duration.ofMillis(300))
                .POST(HttpRequest.BodyPublishers.ofString(chat(false, false))).build();
        assertThrows(HttpTimeoutException.class, () -> CLIENT.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void holdsAnswersInFlightUntilReleased() throws Exception {
        vllm.holdAnswers();
        CompletableFuture<HttpResponse<String>> answer = CLIENT.sendAsync(HttpRequest.newBuilder(
                        uri("/v1/chat/completions")).POST(HttpRequest.BodyPublishers.ofString(chat(false, false))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(vllm.awaitRequests("/v1/chat/completions", 1));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (vllm.inFlight() != 1 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(1, vllm.inFlight());
        assertFalse(answer.isDone());
        vllm.release();
        assertEquals(200, answer.get(10, TimeUnit.SECONDS).statusCode());
        assertTrue(vllm.awaitIdle());
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    private static String chat(boolean stream, boolean usage) {
        return "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":" + stream
                + (usage ? ",\"stream_options\":{\"include_usage\":true}" : "") + "}";
    }

    private static List<String> events(String sse) {
        return Arrays.stream(sse.split("\n\n")).filter(e -> !e.isBlank()).toList();
    }

    private URI uri(String path) {
        return URI.create(vllm.url() + path);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return CLIENT.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
