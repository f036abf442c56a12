package dev.aistack.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aistack.errors.ErrorCode;
import dev.aistack.errors.GatewayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Backends' chat completion streams (Ollama's OpenAI layer as captured in OLLAMA_WIRE.md; vLLM's OpenAI server,
 * whose tool-call arguments arrive in fragments) and the Anthropic events each becomes, written compactly:
 * {@code start 0 text}, {@code delta 0 text:Hello}, {@code stop 0}, {@code message_delta end_turn in=26 out=2}.
 */
class OpenAiToAnthropicStreamTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OLLAMA = "{\"id\":\"chatcmpl-981\",\"object\":\"chat.completion.chunk\","
            + "\"created\":1740569824,\"model\":\"llama3.2:1b\",\"system_fingerprint\":\"fp_ollama\",\"choices\":";
    private static final String VLLM = "{\"id\":\"chatcmpl-5e1\",\"object\":\"chat.completion.chunk\","
            + "\"created\":1740569824,\"model\":\"qwen2.5-7b\",\"choices\":";
    private static final String DONE = "[DONE]";

    private static String ollama(String choices) {
        return OLLAMA + choices + "}";
    }

    private static String vllm(String choices) {
        return VLLM + choices + "}";
    }

    static Stream<Arguments> streams() {
        return Stream.of(
                Arguments.of("Ollama's text stream with usage", List.of(
                        ollama("[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hello\"},\"finish_reason\":null}]"),
                        ollama("[{\"index\":0,\"delta\":{\"content\":\" there\"},\"finish_reason\":null}]"),
                        ollama("[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]"),
                        ollama("[],\"usage\":{\"prompt_tokens\":26,\"completion_tokens\":2,\"total_tokens\":28}"),
                        DONE), List.of(
                        "message_start llama3.2:1b", "start 0 text", "delta 0 text:Hello", "delta 0 text: there",
                        "stop 0", "message_delta end_turn in=26 out=2", "message_stop")),
                Arguments.of("vLLM's empty role chunk and empty finish delta open no block", List.of(
                        vllm("[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}]"),
                        vllm("[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"logprobs\":null,\"finish_reason\":null}]"),
                        vllm("[{\"index\":0,\"delta\":{\"content\":\"\"},\"logprobs\":null,\"finish_reason\":\"length\",\"stop_reason\":null}]"),
                        vllm("[],\"usage\":{\"prompt_tokens\":12,\"total_tokens\":13,\"completion_tokens\":1}"),
                        DONE), List.of(
                        "message_start qwen2.5-7b", "start 0 text", "delta 0 text:Hi", "stop 0",
                        "message_delta max_tokens in=12 out=1", "message_stop")),
                Arguments.of("multi-byte text passes whole (the relay frames whole events)", List.of(
                        ollama("[{\"index\":0,\"delta\":{\"content\":\"Grüß \"},\"finish_reason\":null}]"),
                        ollama("[{\"index\":0,\"delta\":{\"content\":\"👋\"},\"finish_reason\":\"stop\"}]"),
                        DONE), List.of(
                        "message_start llama3.2:1b", "start 0 text", "delta 0 text:Grüß ", "delta 0 text:👋", "stop 0",
                        "message_delta end_turn in=0 out=2", "message_stop")),
                Arguments.of("Ollama's tool call, whole in one chunk", List.of(
                        ollama("[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"id\":"
                                + "\"call_7uf9aobh\",\"index\":0,\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                                + "\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},\"finish_reason\":null}]"),
                        ollama("[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]"),
                        ollama("[],\"usage\":{\"prompt_tokens\":150,\"completion_tokens\":20,\"total_tokens\":170}"),
                        DONE), List.of(
                        "message_start llama3.2:1b", "start 0 tool_use call_7uf9aobh get_weather",
                        "delta 0 json:{\"city\":\"Paris\"}", "stop 0", "message_delta tool_use in=150 out=20",
                        "message_stop")),
                Arguments.of("Ollama's parallel tool calls side by side in one delta, after text", List.of(
                        ollama("[{\"index\":0,\"delta\":{\"content\":\"Both:\"},\"finish_reason\":null}]"),
                        ollama("[{\"index\":0,\"delta\":{\"content\":\"\",\"tool_calls\":["
                                + "{\"id\":\"call_a\",\"index\":0,\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}},"
                                + "{\"id\":\"call_b\",\"index\":1,\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"}}"
                                + "]},\"finish_reason\":null}]"),
                        ollama("[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]"),
                        DONE), List.of(
                        "message_start llama3.2:1b", "start 0 text", "delta 0 text:Both:", "stop 0",
                        "start 1 tool_use call_a get_weather", "delta 1 json:{\"city\":\"Paris\"}", "stop 1",
                        "start 2 tool_use call_b get_weather", "delta 2 json:{\"city\":\"Oslo\"}", "stop 2",
                        "message_delta tool_use in=0 out=3", "message_stop")),
                Arguments.of("vLLM's tool call: the name first, then the arguments in fragments", List.of(
                        vllm("[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}]"),
                        vllm("[{\"index\":0,\"delta\":{\"tool_calls\":[{\"id\":\"chatcmpl-tool-9f\",\"type\":\"function\","
                                + "\"index\":0,\"function\":{\"name\":\"get_weather\"}}]},\"logprobs\":null,\"finish_reason\":null}]"),
                        vllm("[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\"\"}}]},\"logprobs\":null,\"finish_reason\":null}]"),
                        vllm("[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\": \\\"Par\"}}]},\"logprobs\":null,\"finish_reason\":null}]"),
                        vllm("[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\"}}]},\"logprobs\":null,\"finish_reason\":null}]"),
                        vllm("[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"is\\\"}\"}}]},\"logprobs\":null,\"finish_reason\":null}]"),
                        vllm("[{\"index\":0,\"delta\":{\"content\":\"\"},\"logprobs\":null,\"finish_reason\":\"tool_calls\",\"stop_reason\":null}]"),
                        vllm("[],\"usage\":{\"prompt_tokens\":12,\"total_tokens\":20,\"completion_tokens\":8}"),
                        DONE), List.of(
                        "message_start qwen2.5-7b", "start 0 tool_use chatcmpl-tool-9f get_weather",
                        "delta 0 json:{\"city\"", "delta 0 json:: \"Par", "delta 0 json:is\"}", "stop 0",
                        "message_delta tool_use in=12 out=8", "message_stop")),
                Arguments.of("vLLM's parallel calls one after the other", List.of(
                        vllm("[{\"index\":0,\"delta\":{\"tool_calls\":[{\"id\":\"t1\",\"type\":\"function\",\"index\":0,\"function\":{\"name\":\"a\",\"arguments\":\"{\"}}]},\"finish_reason\":null}]"),
                        vllm("[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"}\"}}]},\"finish_reason\":null}]"),
                        vllm("[{\"index\":0,\"delta\":{\"tool_calls\":[{\"id\":\"t2\",\"type\":\"function\",\"index\":1,\"function\":{\"name\":\"b\"}}]},\"finish_reason\":null}]"),
                        vllm("[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\"{}\"}}]},\"finish_reason\":\"tool_calls\"}]"),
                        DONE), List.of(
                        "message_start qwen2.5-7b", "start 0 tool_use t1 a", "delta 0 json:{", "delta 0 json:}",
                        "stop 0", "start 1 tool_use t2 b", "delta 1 json:{}", "stop 1",
                        "message_delta tool_use in=0 out=3", "message_stop")),
                Arguments.of("Ollama's reasoning, then the answer: a thinking block, then a text block", List.of(
                        ollama("[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"reasoning\":\"Hmm.\"},\"finish_reason\":null}]"),
                        ollama("[{\"index\":0,\"delta\":{\"content\":\"\",\"reasoning\":\" Two.\"},\"finish_reason\":null}]"),
                        ollama("[{\"index\":0,\"delta\":{\"content\":\"2\"},\"finish_reason\":null}]"),
                        ollama("[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]"),
                        DONE), List.of(
                        "message_start llama3.2:1b", "start 0 thinking", "delta 0 thinking:Hmm.",
                        "delta 0 thinking: Two.", "stop 0", "start 1 text", "delta 1 text:2", "stop 1",
                        "message_delta end_turn in=0 out=3", "message_stop")),
                Arguments.of("vLLM names the stop string that matched", List.of(
                        vllm("[{\"index\":0,\"delta\":{\"content\":\"One, two\"},\"finish_reason\":null}]"),
                        vllm("[{\"index\":0,\"delta\":{\"content\":\"\"},\"finish_reason\":\"stop\",\"stop_reason\":\"three\"}]"),
                        DONE), List.of(
                        "message_start qwen2.5-7b", "start 0 text", "delta 0 text:One, two", "stop 0",
                        "message_delta stop_sequence:three in=0 out=1", "message_stop")),
                Arguments.of("a backend's error event mid-stream ends the stream with Anthropic's error", List.of(
                        ollama("[{\"index\":0,\"delta\":{\"content\":\"Hel\"},\"finish_reason\":null}]"),
                        "{\"error\":{\"message\":\"model runner has unexpectedly stopped\",\"type\":\"api_error\"}}",
                        DONE), List.of(
                        "message_start llama3.2:1b", "start 0 text", "delta 0 text:Hel",
                        "error api_error: model runner has unexpectedly stopped")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void translatesTheStream(String name, List<String> backendEvents, List<String> anthropicEvents) {
        OpenAiToAnthropicStream stream = new OpenAiToAnthropicStream("msg_test", "asked-for");
        List<byte[]> out = new ArrayList<>();
        for (String data : backendEvents) {
            out.addAll(stream.event(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8)));
        }
        out.addAll(stream.end(true));
        assertEquals(anthropicEvents, out.stream().map(OpenAiToAnthropicStreamTest::compact).toList());
    }

    @Test
    void aStreamWithoutItsEndMarkerEndsWithAnErrorNotAMessageStop() {
        OpenAiToAnthropicStream stream = new OpenAiToAnthropicStream("msg_test", "asked-for");
        stream.event(("data: " + ollama("[{\"index\":0,\"delta\":{\"content\":\"Hel\"},\"finish_reason\":null}]")
                + "\n\n").getBytes(StandardCharsets.UTF_8));
        List<String> end = stream.end(false).stream().map(OpenAiToAnthropicStreamTest::compact).toList();
        assertEquals(List.of("error api_error: The backend's stream ended before its last event; the answer is "
                + "incomplete."), end);
    }

    @Test
    void aBrokenRelayEndsWithTheCatalogErrorAndNothingAfterIt() throws IOException {
        OpenAiToAnthropicStream stream = new OpenAiToAnthropicStream("msg_test", "asked-for");
        byte[] error = stream.error(new GatewayException(ErrorCode.BACKEND_TIMEOUT, "The backend went quiet."));
        JsonNode data = JSON.readTree(dataOf(error));
        assertEquals("backend_timeout", data.at("/error/code").asText());
        assertEquals("api_error", data.at("/error/type").asText());
        assertEquals(List.of(), stream.end(true));
    }

    @Test
    void theMessageStartCarriesAnEmptyMessageInAnthropicsShape() throws IOException {
        OpenAiToAnthropicStream stream = new OpenAiToAnthropicStream("msg_test", "asked-for");
        byte[] first = stream.event(("data: " + ollama("[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
                + "\"finish_reason\":null}]") + "\n\n").getBytes(StandardCharsets.UTF_8)).get(0);
        assertEquals(JSON.readTree("""
                {"type":"message_start","message":{"id":"msg_test","type":"message","role":"assistant","content":[],
                 "model":"llama3.2:1b","stop_reason":null,"stop_sequence":null,
                 "usage":{"input_tokens":0,"output_tokens":0}}}"""), JSON.readTree(dataOf(first)));
    }

    @Test
    void thePingIsAnthropicsNamedPingEvent() {
        assertEquals("event: ping\ndata: {\"type\":\"ping\"}\n\n",
                new String(OpenAiToAnthropicStream.PING, StandardCharsets.UTF_8));
    }

    /** One Anthropic event, compactly; checks the SSE event name equals the data's type on the way. */
    private static String compact(byte[] event) {
        String text = new String(event, StandardCharsets.UTF_8);
        String name = text.substring("event: ".length(), text.indexOf('\n'));
        JsonNode d;
        try {
            d = JSON.readTree(dataOf(event));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertEquals(name, d.path("type").asText(), text);
        assertEquals(true, text.endsWith("\n\n"), text);
        return switch (name) {
            case "message_start" -> "message_start " + d.at("/message/model").asText();
            case "content_block_start" -> {
                JsonNode b = d.path("content_block");
                yield "start " + d.path("index").asInt() + " " + b.path("type").asText()
                        + (b.has("id") ? " " + b.path("id").asText() + " " + b.path("name").asText() : "");
            }
            case "content_block_delta" -> {
                JsonNode delta = d.path("delta");
                yield "delta " + d.path("index").asInt() + " " + switch (delta.path("type").asText()) {
                    case "text_delta" -> "text:" + delta.path("text").asText();
                    case "input_json_delta" -> "json:" + delta.path("partial_json").asText();
                    case "thinking_delta" -> "thinking:" + delta.path("thinking").asText();
                    default -> delta.toString();
                };
            }
            case "content_block_stop" -> "stop " + d.path("index").asInt();
            case "message_delta" -> {
                JsonNode delta = d.path("delta");
                yield "message_delta " + delta.path("stop_reason").asText()
                        + (delta.path("stop_sequence").isNull() ? "" : ":" + delta.path("stop_sequence").asText())
                        + " in=" + d.at("/usage/input_tokens").asLong() + " out=" + d.at("/usage/output_tokens").asLong();
            }
            case "error" -> "error " + d.at("/error/type").asText() + ": " + d.at("/error/message").asText();
            default -> name;
        };
    }

    private static String dataOf(byte[] event) {
        String text = new String(event, StandardCharsets.UTF_8);
        int at = text.indexOf("\ndata: ") + "\ndata: ".length();
        return text.substring(at, text.indexOf('\n', at));
    }
}
