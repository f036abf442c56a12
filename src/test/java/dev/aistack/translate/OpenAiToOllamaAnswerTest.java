package dev.aistack.translate;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aistack.upstream.AnswerTranslator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * OpenAI-compatible answers (vLLM's bytes, as support/VllmAnswers sends them) and the Ollama answers they become.
 * The clocks are fixed: created_at is 2026-08-22T10:00:00.5Z, and each backend event arrives 100 ms after the last.
 */
class OpenAiToOllamaAnswerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock WALL = Clock.fixed(Instant.parse("2026-08-22T10:00:00.5Z"), ZoneOffset.UTC);
    private static final String AT = "\"model\":\"m\",\"created_at\":\"2026-08-22T10:00:00.500Z\"";
    private static final String HEAD = "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
            + "\"model\":\"m\",\"choices\":";
    private static final long STEP = 100_000_000;

    static Stream<Arguments> wholeAnswers() {
        return Stream.of(
                Arguments.of("chat", OpenAiToOllamaAnswer.Kind.CHAT, 200, """
                        {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,
                         "message":{"role":"assistant","content":"Hello there!","tool_calls":[],"reasoning_content":null},
                         "finish_reason":"stop"}],"usage":{"prompt_tokens":26,"completion_tokens":12,"total_tokens":38}}""",
                        200, "{" + AT + ",\"message\":{\"role\":\"assistant\",\"content\":\"Hello there!\"},\"done\":true,"
                                + "\"done_reason\":\"stop\",\"total_duration\":100000000,\"prompt_eval_count\":26,"
                                + "\"eval_count\":12}"),
                Arguments.of("chat with a tool call and reasoning", OpenAiToOllamaAnswer.Kind.CHAT, 200, """
                        {"choices":[{"index":0,"message":{"role":"assistant","content":null,"reasoning_content":"Hmm.",
                         "tool_calls":[{"id":"chatcmpl-tool-1","type":"function","function":{"name":"get_weather",
                         "arguments":"{\\"city\\": \\"Paris\\"}"}}]},"finish_reason":"tool_calls"}],
                         "usage":{"prompt_tokens":3,"completion_tokens":4}}""",
                        200, "{" + AT + ",\"message\":{\"role\":\"assistant\",\"content\":\"\",\"thinking\":\"Hmm.\","
                                + "\"tool_calls\":[{\"id\":\"chatcmpl-tool-1\",\"function\":{\"index\":0,\"name\":"
                                + "\"get_weather\",\"arguments\":{\"city\":\"Paris\"}}}]},\"done\":true,\"done_reason\":"
                                + "\"stop\",\"total_duration\":100000000,\"prompt_eval_count\":3,\"eval_count\":4}"),
                Arguments.of("a text completion, cut by length", OpenAiToOllamaAnswer.Kind.GENERATE, 200, """
                        {"choices":[{"index":0,"text":"The sky","finish_reason":"length"}],
                         "usage":{"prompt_tokens":4,"completion_tokens":2}}""",
                        200, "{" + AT + ",\"response\":\"The sky\",\"done\":true,\"done_reason\":\"length\","
                                + "\"total_duration\":100000000,\"prompt_eval_count\":4,\"eval_count\":2}"),
                Arguments.of("embed", OpenAiToOllamaAnswer.Kind.EMBED, 200, """
                        {"object":"list","data":[{"index":0,"object":"embedding","embedding":[0.0123,-0.0456]},
                         {"index":1,"object":"embedding","embedding":[0.5,0.25]}],"usage":{"prompt_tokens":8}}""",
                        200, "{\"model\":\"m\",\"embeddings\":[[0.0123,-0.0456],[0.5,0.25]],\"total_duration\":100000000,"
                                + "\"prompt_eval_count\":8}"),
                Arguments.of("embeddings (older)", OpenAiToOllamaAnswer.Kind.EMBEDDINGS, 200, """
                        {"object":"list","data":[{"index":0,"embedding":[0.5,0.25]}]}""",
                        200, "{\"embedding\":[0.5,0.25]}"),
                Arguments.of("vLLM's error object", OpenAiToOllamaAnswer.Kind.CHAT, 404, """
                        {"error":{"message":"The model `x` does not exist.","type":"NotFoundError","param":"model","code":404}}""",
                        404, "{\"error\":\"The model `x` does not exist.\"}"),
                Arguments.of("vLLM's older bare error", OpenAiToOllamaAnswer.Kind.CHAT, 401, "{\"error\":\"Unauthorized\"}",
                        401, "{\"error\":\"Unauthorized\"}"),
                Arguments.of("FastAPI's detail", OpenAiToOllamaAnswer.Kind.EMBED, 404, "{\"detail\":\"Not Found\"}",
                        404, "{\"error\":\"Not Found\"}"),
                Arguments.of("a 200 that is no JSON", OpenAiToOllamaAnswer.Kind.CHAT, 200, "upstream said hi",
                        502, "{\"error\":\"upstream said hi\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wholeAnswers")
    void wholeAnswer(String name, OpenAiToOllamaAnswer.Kind kind, int status, String body, int expectedStatus,
                     String expected) throws Exception {
        AtomicLong now = new AtomicLong(1_000);
        OpenAiToOllamaAnswer translator = new OpenAiToOllamaAnswer(kind, "m", WALL, now::get);
        now.addAndGet(STEP);

        AnswerTranslator.Whole whole = translator.whole(status, body.getBytes(StandardCharsets.UTF_8));

        assertEquals(expectedStatus, whole.status());
        assertEquals("application/json; charset=utf-8", whole.mediaType());
        assertEquals(JSON.readTree(expected), JSON.readTree(whole.body()));
    }

    static Stream<Arguments> streams() {
        String usage = HEAD + "[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3,\"total_tokens\":15}}\n\n";
        return Stream.of(
                Arguments.of("text, an empty delta, multi-byte characters, usage, [DONE]", OpenAiToOllamaAnswer.Kind.CHAT,
                        List.of(HEAD + "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n",
                                HEAD + "[{\"index\":0,\"delta\":{\"content\":\"Grüß\"}}]}\n\n",
                                HEAD + "[{\"index\":0,\"delta\":{\"content\":\" 🌍\"}}]}\n\n",
                                HEAD + "[{\"index\":0,\"delta\":{\"content\":\"\"},\"finish_reason\":\"stop\"}]}\n\n",
                                usage, "data: [DONE]\n\n"), true,
                        List.of("{" + AT + ",\"message\":{\"role\":\"assistant\",\"content\":\"Grüß\"},\"done\":false}",
                                "{" + AT + ",\"message\":{\"role\":\"assistant\",\"content\":\" 🌍\"},\"done\":false}",
                                "{" + AT + ",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,"
                                        + "\"done_reason\":\"stop\",\"total_duration\":700000000,\"prompt_eval_count\":12,"
                                        + "\"prompt_eval_duration\":200000000,\"eval_count\":3,"
                                        + "\"eval_duration\":500000000}")),
                Arguments.of("two parallel tool calls, arguments in many pieces, interleaved", OpenAiToOllamaAnswer.Kind.CHAT,
                        List.of(HEAD + "[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_a\","
                                        + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}}]}\n\n",
                                HEAD + "[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":"
                                        + "{\"arguments\":\"{\\\"ci\"}}]}}]}\n\n",
                                HEAD + "[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"call_b\","
                                        + "\"function\":{\"name\":\"get_time\",\"arguments\":\"{}\"}}]}}]}\n\n",
                                HEAD + "[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":"
                                        + "{\"arguments\":\"ty\\\": \\\"Pa\"}}]}}]}\n\n",
                                HEAD + "[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":"
                                        + "{\"arguments\":\"ris\\\"}\"}}]}}]}\n\n",
                                HEAD + "[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n",
                                usage, "data: [DONE]\n\n"), true,
                        List.of("{" + AT + ",\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":["
                                        + "{\"id\":\"call_a\",\"function\":{\"index\":0,\"name\":\"get_weather\","
                                        + "\"arguments\":{\"city\":\"Paris\"}}},{\"id\":\"call_b\",\"function\":{\"index\":1,"
                                        + "\"name\":\"get_time\",\"arguments\":{}}}]},\"done\":false}",
                                "{" + AT + ",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,"
                                        + "\"done_reason\":\"stop\",\"total_duration\":900000000,\"prompt_eval_count\":12,"
                                        + "\"eval_count\":3}")),
                Arguments.of("a text completion stream without usage counts its chunks", OpenAiToOllamaAnswer.Kind.GENERATE,
                        List.of("data: {\"choices\":[{\"index\":0,\"text\":\"The\",\"finish_reason\":null}]}\n\n",
                                "data: {\"choices\":[{\"index\":0,\"text\":\" sky\",\"finish_reason\":\"length\"}]}\n\n",
                                "data: [DONE]\n\n"), true,
                        List.of("{" + AT + ",\"response\":\"The\",\"done\":false}",
                                "{" + AT + ",\"response\":\" sky\",\"done\":false}",
                                "{" + AT + ",\"response\":\"\",\"done\":true,\"done_reason\":\"length\","
                                        + "\"total_duration\":400000000,\"prompt_eval_duration\":100000000,"
                                        + "\"eval_count\":2,\"eval_duration\":300000000}")),
                Arguments.of("a stream that ends without [DONE] ends with an error line", OpenAiToOllamaAnswer.Kind.CHAT,
                        List.of(HEAD + "[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}\n\n"), false,
                        List.of("{" + AT + ",\"message\":{\"role\":\"assistant\",\"content\":\"Hel\"},\"done\":false}",
                                "{\"error\":\"The backend's stream ended before its end marker; the answer is incomplete.\","
                                        + "\"code\":\"upstream_stream_broken\"}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void stream(String name, OpenAiToOllamaAnswer.Kind kind, List<String> events, boolean complete,
                List<String> expected) throws Exception {
        AtomicLong now = new AtomicLong(1_000);
        OpenAiToOllamaAnswer translator = new OpenAiToOllamaAnswer(kind, "m", WALL, now::get);
        List<byte[]> out = new ArrayList<>();
        for (String e : events) {
            now.addAndGet(STEP);
            out.addAll(translator.event(e.getBytes(StandardCharsets.UTF_8)));
        }
        now.addAndGet(STEP);
        out.addAll(translator.end(complete));

        assertEquals(expected.size(), out.size(), out.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList()
                .toString());
        for (int i = 0; i < expected.size(); i++) {
            String line = new String(out.get(i), StandardCharsets.UTF_8);
            assertEquals('\n', line.charAt(line.length() - 1), "each line ends with a newline");
            assertEquals(JSON.readTree(expected.get(i)), JSON.readTree(line), "line " + i);
        }
    }

    @Test
    void theStreamIsNdjson() {
        assertEquals("application/x-ndjson", OpenAiToOllamaAnswer.forRequest(OpenAiToOllamaAnswer.Kind.CHAT, "m")
                .streamMediaType());
    }
}
