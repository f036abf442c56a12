package dev.aistack.anthropic;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.NotFoundException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Base64ImageSource;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolUseBlock;
import dev.aistack.support.FakeOllama;
import dev.aistack.support.FakeOpenAiServer;
import dev.aistack.support.RunningGateway;
import dev.aistack.support.SpecCheckingProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official Anthropic Java SDK (com.anthropic:anthropic-java), pointed at the gateway in front of the Ollama fake,
 * works unchanged: messages, streams (through the SDK's own accumulator), tools, images, errors, token counts. Every
 * answer is checked against the spec on the way.
 */
class AnthropicJavaSdkTest {
    private final FakeOllama ollama = FakeOllama.start();
    private final RunningGateway gateway = RunningGateway.inFrontOf(ollama.url());
    private final SpecCheckingProxy proxy = new SpecCheckingProxy(gateway);
    private final AnthropicClient client = AnthropicOkHttpClient.builder().baseUrl(proxy.url()).apiKey("ignored")
            .maxRetries(0).timeout(Duration.ofSeconds(30)).build();

    @AfterEach
    void stop() {
        try {
            proxy.assertAllResponsesMatchedTheSpec();
        } finally {
            proxy.close();
            client.close();
            gateway.close();
            ollama.close();
        }
    }

    private static MessageCreateParams.Builder hello(String model) {
        return MessageCreateParams.builder().model(model).maxTokens(64).addUserMessage("Say hello.");
    }

    @Test
    void createsAMessage() {
        Message m = client.messages().create(hello("llama3.2:1b").system("Be terse.").build());
        assertEquals("Hello there", m.content().get(0).asText().text());
        assertEquals(StopReason.END_TURN, m.stopReason().orElseThrow());
        assertEquals(30, m.usage().inputTokens());
        assertEquals(2, m.usage().outputTokens());
        assertTrue(m.id().startsWith("msg_"), m.id());
    }

    @Test
    void streamsAMessageTheSdkAccumulates() {
        ollama.tokens("Hel", "lo", " wor", "ld");
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(hello("llama3.2:1b")
                .build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        Message m = accumulator.message();
        assertEquals("Hello world", m.content().get(0).asText().text());
        assertEquals(StopReason.END_TURN, m.stopReason().orElseThrow());
        assertEquals(4, m.usage().outputTokens());
    }

    @Test
    void readsAToolUseWithItsInput() {
        Tool weather = Tool.builder().name("get_weather").description("Current weather")
                .inputSchema(Tool.InputSchema.builder().properties(Tool.InputSchema.Properties.builder()
                        .putAdditionalProperty("city", JsonValue.from(Map.of("type", "string"))).build()).build())
                .build();
        Message m = client.messages().create(hello("llama3.2:1b").addTool(weather).build());
        ToolUseBlock use = m.content().get(0).asToolUse();
        assertEquals("get_weather", use.name());
        assertEquals(JsonValue.from(Map.of("city", "Paris")), use._input());
        assertEquals(StopReason.TOOL_USE, m.stopReason().orElseThrow());
    }

    @Test
    void assemblesAStreamedToolCallWhoseArgumentsArriveInFragmentsOverAnOpenAiCompatibleNode() {
        try (FakeOpenAiServer vllm = FakeOpenAiServer.start("qwen2.5-7b");
             RunningGateway overVllm = RunningGateway.inFrontOf(vllm.url());
             SpecCheckingProxy checked = new SpecCheckingProxy(overVllm)) {
            AnthropicClient direct = AnthropicOkHttpClient.builder().baseUrl(checked.url()).apiKey("ignored")
                    .maxRetries(0).timeout(Duration.ofSeconds(30)).build();
            MessageAccumulator accumulator = MessageAccumulator.create();
            long fragments;
            try (StreamResponse<RawMessageStreamEvent> stream = direct.messages().createStreaming(hello("qwen2.5-7b")
                    .addTool(weather()).build())) {
                fragments = stream.stream().peek(accumulator::accumulate)
                        .filter(e -> e.contentBlockDelta().flatMap(d -> d.delta().inputJson()).isPresent()).count();
            }
            Message m = accumulator.message();
            ToolUseBlock use = m.content().get(0).asToolUse();
            assertEquals(3, fragments, "one input_json_delta per fragment");
            assertEquals("get_weather", use.name());
            assertEquals(JsonValue.from(Map.of("city", "Paris")), use._input());
            assertEquals(StopReason.TOOL_USE, m.stopReason().orElseThrow());
            assertEquals(12, m.usage().inputTokens());
            direct.close();
            checked.assertAllResponsesMatchedTheSpec();
        }
    }

    private static Tool weather() {
        return Tool.builder().name("get_weather").description("Current weather")
                .inputSchema(Tool.InputSchema.builder().properties(Tool.InputSchema.Properties.builder()
                        .putAdditionalProperty("city", JsonValue.from(Map.of("type", "string"))).build()).build())
                .build();
    }

    @Test
    void sendsAnImage() throws Exception {
        String png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";
        client.messages().create(MessageCreateParams.builder().model("llama3.2:1b").maxTokens(16)
                .addUserMessageOfContentBlockParams(List.of(
                        ContentBlockParam.ofImage(Base64ImageSource.builder()
                                .mediaType(Base64ImageSource.MediaType.IMAGE_PNG).data(png).build()),
                        ContentBlockParam.ofText("What is this?")))
                .build());
        String forwarded = ollama.received("/v1/chat/completions").get(0).bodyText();
        assertTrue(forwarded.contains("\"url\":\"data:image/png;base64," + png + "\""), forwarded);
    }

    @Test
    void raisesTheSdksNotFoundErrorForAnUnknownModel() {
        NotFoundException e = assertThrows(NotFoundException.class,
                () -> client.messages().create(hello("nope").build()));
        assertEquals(404, e.statusCode());
        assertTrue(e.getMessage().contains("model 'nope' not found"), e.getMessage());
    }

    @Test
    void countsTokens() {
        long tokens = client.messages().countTokens(MessageCountTokensParams.builder().model("llama3.2:1b")
                .addUserMessage("Hello").build()).inputTokens();
        assertEquals(30, tokens);
    }
}
