package dev.aistack.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.models.Model;
import dev.aistack.support.FakeOllama;
import dev.aistack.support.RunningGateway;
import dev.aistack.support.SdkSetup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The official OpenAI Java SDK, pointed at the gateway, works unchanged: answers, streams, tools and errors. */
class OpenAiSdkTest {
    private final SdkSetup sdk = new SdkSetup();
    private final FakeOllama ollama = sdk.ollama;
    private final RunningGateway gateway = sdk.gateway;
    private final OpenAIClient client = sdk.client;

    @AfterEach
    void stop() {
        sdk.close();
    }

    private static ChatCompletionCreateParams.Builder hello(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("Say hello.");
    }

    @Test
    void chatsWithoutStreaming() {
        ChatCompletion c = client.chat().completions().create(hello("llama3.2:1b").build());
        assertEquals("Hello there", c.choices().get(0).message().content().orElseThrow());
        assertEquals(ChatCompletion.Choice.FinishReason.STOP, c.choices().get(0).finishReason());
        assertEquals(32, c.usage().orElseThrow().totalTokens());
    }

    @Test
    void chatsWithStreaming() {
        ollama.tokens("Hel", "lo", " wor", "ld");
        StringBuilder text = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions()
                .createStreaming(hello("llama3.2:1b").build())) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
        }
        assertEquals("Hello world", text.toString());
    }

    @Test
    void passesToolsThroughAndReadsTheToolCall() {
        ChatCompletion c = client.chat().completions().create(hello("llama3.2:1b")
                .addFunctionTool(FunctionDefinition.builder().name("get_weather").description("Current weather")
                        .parameters(FunctionParameters.builder()
                                .putAdditionalProperty("type", JsonValue.from("object"))
                                .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                                .build())
                        .build())
                .build());
        String forwarded = ollama.received("/v1/chat/completions").get(0).bodyText();
        assertTrue(forwarded.contains("\"name\":\"get_weather\""), forwarded);
        ChatCompletionMessageFunctionToolCall call = c.choices().get(0).message().toolCalls().orElseThrow().get(0)
                .asFunction();
        assertEquals("get_weather", call.function().name());
        assertEquals("{\"city\":\"Paris\"}", call.function().arguments());
        assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, c.choices().get(0).finishReason());
    }

    @Test
    void surfacesABackendErrorAsTheSdksTypedException() {
        NotFoundException e = assertThrows(NotFoundException.class,
                () -> client.chat().completions().create(hello("nope").build()));
        assertEquals(404, e.statusCode());
        assertTrue(e.getMessage().contains("model 'nope' not found"), e.getMessage());
    }

    @Test
    void surfacesAGatewayErrorAsTheSdksTypedException() {
        BadRequestException e = assertThrows(BadRequestException.class, () -> client.chat().completions().create(
                hello("llama3.2:1b").putAdditionalBodyProperty("keep_alive", JsonValue.from("soon")).build()));
        assertEquals(400, e.statusCode());
        assertEquals("invalid_keep_alive", e.code().orElseThrow());
        assertEquals("keep_alive", e.param().orElseThrow());
        assertTrue(e.getMessage().contains("keep_alive"), e.getMessage());
    }

    @Test
    void surfacesAnUnreachableBackendWithItsRemedy() {
        try (RunningGateway nowhere = RunningGateway.inFrontOf("http://127.0.0.1:9")) {
            OpenAIClient lost = OpenAIOkHttpClient.builder().baseUrl(nowhere.url() + "/v1").apiKey("x").maxRetries(0)
                    .build();
            try {
                OpenAIServiceException e = assertThrows(OpenAIServiceException.class,
                        () -> lost.chat().completions().create(hello("llama3.2:1b").build()));
                assertEquals(503, e.statusCode());
                assertEquals("backend_unreachable", e.code().orElseThrow());
                assertTrue(e.getMessage().contains("Start it with: ollama serve"), e.getMessage());
            } finally {
                lost.close();
            }
        }
    }

    @Test
    void listsTheModels() {
        ollama.addModel("nomic-embed-text:latest");
        List<String> ids = client.models().list().data().stream().map(Model::id).collect(Collectors.toList());
        assertEquals(List.of("llama3.2:1b", "nomic-embed-text:latest"), ids);
    }
}
