package dev.aistack.openai;

import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import dev.aistack.support.FakeOllama;
import dev.aistack.support.Http;
import dev.aistack.support.RunningGateway;
import dev.aistack.support.SdkSetup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rest of /v1 with the OpenAI Java SDK: completions, embeddings, responses, one model, and the passthrough. */
class V1SurfaceTest {
    private final SdkSetup sdk = new SdkSetup();
    private final FakeOllama ollama = sdk.ollama;
    private final RunningGateway gateway = sdk.gateway;
    private final OpenAIClient client = sdk.client;

    @AfterEach
    void stop() {
        sdk.close();
    }

    @Test
    void completesText() throws Exception {
        Completion c = client.completions().create(CompletionCreateParams.builder().model("llama3.2:1b")
                .prompt("Count.").build());
        assertEquals("Hello there", c.choices().get(0).text());
        assertTrue(ollama.awaitRequests("/api/generate", 1), "keep_alive applies to completions too");
    }

    @Test
    void streamsCompletionsWithoutTheUsageTheGatewayAskedFor() {
        StringBuilder text = new StringBuilder();
        try (StreamResponse<Completion> stream = client.completions().createStreaming(CompletionCreateParams.builder()
                .model("llama3.2:1b").prompt("Count.").build())) {
            stream.stream().forEach(c -> {
                assertFalse(c.usage().isPresent(), "usage the client did not ask for leaked into a chunk");
                c.choices().forEach(ch -> text.append(ch.text()));
            });
        }
        assertEquals("Hello there", text.toString());
        assertTrue(ollama.received("/v1/completions").get(0).bodyText().endsWith(",\"stream_options\":{\"include_usage\":true}}"));
    }

    @Test
    void embeds() throws Exception {
        CreateEmbeddingResponse e = client.embeddings().create(EmbeddingCreateParams.builder().model("llama3.2:1b")
                .input("The quick brown fox.").build());
        assertEquals(List.of(0.010071029f, -0.0017594862f, 0.05007221f), e.data().get(0).embedding());
        assertTrue(ollama.awaitRequests("/api/generate", 1));
    }

    @Test
    void answersWithTheResponsesApi() {
        Response r = client.responses().create(ResponseCreateParams.builder().model("llama3.2:1b").input("Hi").build());
        assertEquals("resp_128847", r.id());
        assertEquals(2, r.usage().orElseThrow().outputTokens());
    }

    @Test
    void streamsTheResponsesApi() {
        StringBuilder text = new StringBuilder();
        boolean[] completed = {false};
        try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(ResponseCreateParams.builder()
                .model("llama3.2:1b").input("Hi").build())) {
            stream.stream().forEach(ev -> {
                ev.outputTextDelta().ifPresent(d -> text.append(d.delta()));
                completed[0] |= ev.isCompleted();
            });
        }
        assertEquals("Hello there", text.toString());
        assertTrue(completed[0]);
        // Responses streams always carry usage: the request goes to Ollama untouched.
        assertFalse(ollama.received("/v1/responses").get(0).bodyText().contains("stream_options"));
    }

    @Test
    void retrievesOneModelAndAnswersOpenAisNotFoundForOthers() {
        Model m = client.models().retrieve("llama3.2:1b");
        assertEquals("llama3.2:1b", m.id());
        assertEquals("ollama", m.ownedBy());
        NotFoundException e = assertThrows(NotFoundException.class, () -> client.models().retrieve("gpt-9"));
        assertEquals("model_not_found", e.code().orElseThrow());
        assertEquals("model", e.param().orElseThrow());
        Http.Response raw = Http.get(gateway, "/v1/models/{model}", "/v1/models/gpt-9");
        assertEquals(404, raw.status());
        assertTrue(raw.text().contains("\"message\":\"The model 'gpt-9' does not exist\""), raw.text());
        assertTrue(raw.text().contains("\"type\":\"invalid_request_error\""), raw.text());
    }

    @Test
    void findsAModelNamedWithoutItsLatestTag() {
        ollama.addModel("nomic-embed-text:latest");
        assertEquals("nomic-embed-text:latest", client.models().retrieve("nomic-embed-text").id());
    }

    @Test
    void forwardsAnyOtherV1PathVerbatim() {
        Http.Response known = Http.send(gateway, "POST", "/v1/{path}", "/v1/audio/transcriptions", "{\"file\":\"x\"}",
                "Content-Type", "application/json");
        assertEquals(200, known.status());
        assertEquals("{\"text\":\"hello\"}\n", known.text());
        assertEquals("{\"file\":\"x\"}", ollama.received("/v1/audio/transcriptions").get(0).bodyText());

        Http.Response unknown = Http.send(gateway, "GET", "/v1/{path}", "/v1/not/a/route", null);
        assertEquals(404, unknown.status());
        assertEquals("404 page not found", unknown.text()); // Ollama's own answer, not the gateway's
        assertEquals("text/plain", unknown.header("Content-Type"));
    }
}
