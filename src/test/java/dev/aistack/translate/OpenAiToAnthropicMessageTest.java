package dev.aistack.translate;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Backends' chat completions (Ollama's OpenAI layer as captured in OLLAMA_WIRE.md, vLLM's OpenAI server) and the
 * Anthropic Message each becomes; backends' error bodies and the Anthropic error each becomes.
 */
class OpenAiToAnthropicMessageTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> answers() {
        return Stream.of(
                Arguments.of("Ollama's text answer", """
                        {"id":"chatcmpl-431","object":"chat.completion","created":1740569824,"model":"qwen2.5:0.5b",
                         "system_fingerprint":"fp_ollama","choices":[{"index":0,"message":{"role":"assistant",
                         "content":"Hello! How can I help?"},"finish_reason":"stop"}],
                         "usage":{"prompt_tokens":30,"completion_tokens":17,"total_tokens":47}}""", """
                        {"id":"msg_test","type":"message","role":"assistant",
                         "content":[{"type":"text","text":"Hello! How can I help?"}],"model":"qwen2.5:0.5b",
                         "stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":30,"output_tokens":17}}"""),
                Arguments.of("Ollama's tool call: arguments string parsed into the input object", """
                        {"id":"chatcmpl-77","object":"chat.completion","created":1740569824,"model":"llama3.2:1b",
                         "system_fingerprint":"fp_ollama","choices":[{"index":0,"message":{"role":"assistant","content":"",
                         "tool_calls":[{"id":"call_k3j9x0qa","index":0,"type":"function","function":{"name":"get_weather",
                         "arguments":"{\\"city\\":\\"Paris\\"}"}}]},"finish_reason":"tool_calls"}],
                         "usage":{"prompt_tokens":150,"completion_tokens":20,"total_tokens":170}}""", """
                        {"id":"msg_test","type":"message","role":"assistant","content":[{"type":"tool_use",
                         "id":"call_k3j9x0qa","name":"get_weather","input":{"city":"Paris"}}],"model":"llama3.2:1b",
                         "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":150,"output_tokens":20}}"""),
                Arguments.of("vLLM's parallel calls after text, one with malformed arguments kept whole", """
                        {"id":"chatcmpl-9","object":"chat.completion","model":"qwen2.5-7b","choices":[{"index":0,
                         "message":{"role":"assistant","content":"Checking both.","tool_calls":[
                         {"id":"chatcmpl-tool-1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\": \\"Paris\\"}"}},
                         {"id":"chatcmpl-tool-2","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\": "}}],
                         "reasoning_content":null},"logprobs":null,"finish_reason":"tool_calls","stop_reason":null}],
                         "usage":{"prompt_tokens":12,"total_tokens":40,"completion_tokens":28,"prompt_tokens_details":null}}""", """
                        {"id":"msg_test","type":"message","role":"assistant","content":[
                         {"type":"text","text":"Checking both."},
                         {"type":"tool_use","id":"chatcmpl-tool-1","name":"get_weather","input":{"city":"Paris"}},
                         {"type":"tool_use","id":"chatcmpl-tool-2","name":"get_weather","input":{"arguments":"{\\"city\\": "}}],
                         "model":"qwen2.5-7b","stop_reason":"tool_use","stop_sequence":null,
                         "usage":{"input_tokens":12,"output_tokens":28}}"""),
                Arguments.of("vLLM names the stop string that matched: a stop_sequence", """
                        {"id":"chatcmpl-5","object":"chat.completion","model":"qwen2.5-7b","choices":[{"index":0,
                         "message":{"role":"assistant","content":"One, two"},"finish_reason":"stop","stop_reason":"three"}],
                         "usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8}}""", """
                        {"id":"msg_test","type":"message","role":"assistant","content":[{"type":"text","text":"One, two"}],
                         "model":"qwen2.5-7b","stop_reason":"stop_sequence","stop_sequence":"three",
                         "usage":{"input_tokens":5,"output_tokens":3}}"""),
                Arguments.of("cut at max_tokens, with Ollama's reasoning as a thinking block", """
                        {"id":"chatcmpl-6","object":"chat.completion","model":"qwen3:0.6b","choices":[{"index":0,
                         "message":{"role":"assistant","content":"The answer","reasoning":"Let me think."},
                         "finish_reason":"length"}],"usage":{"prompt_tokens":9,"completion_tokens":64,"total_tokens":73}}""", """
                        {"id":"msg_test","type":"message","role":"assistant","content":[
                         {"type":"thinking","thinking":"Let me think.","signature":""},{"type":"text","text":"The answer"}],
                         "model":"qwen3:0.6b","stop_reason":"max_tokens","stop_sequence":null,
                         "usage":{"input_tokens":9,"output_tokens":64}}"""),
                Arguments.of("an empty answer without usage or model", """
                        {"choices":[{"index":0,"message":{"role":"assistant","content":null},"finish_reason":"stop"}]}""", """
                        {"id":"msg_test","type":"message","role":"assistant","content":[],"model":"asked-for",
                         "stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":0,"output_tokens":0}}"""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void translatesTheAnswer(String name, String completion, String message) throws Exception {
        // Compared as they are sent: as JSON text, read back (a long 30 and an int 30 are the same on the wire).
        assertEquals(JSON.readTree(message), JSON.readTree(
                OpenAiToAnthropicMessage.message(JSON.readTree(completion), "msg_test", "asked-for").toString()));
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("Ollama's unknown model", 404, """
                        {"error":{"message":"model 'nope' not found","type":"not_found_error","param":null,"code":null}}""",
                        "not_found_error", "model 'nope' not found"),
                Arguments.of("vLLM's unknown model", 404, """
                        {"error":{"message":"The model `nope` does not exist.","type":"NotFoundError","param":"model","code":404}}""",
                        "not_found_error", "The model `nope` does not exist."),
                Arguments.of("older vLLM's flat error object", 400, """
                        {"object":"error","message":"max_tokens must be at least 1, got 0.","type":"BadRequestError","param":null,"code":400}""",
                        "invalid_request_error", "max_tokens must be at least 1, got 0."),
                Arguments.of("Ollama's native error string", 400, """
                        {"error":"invalid tool call arguments"}""", "invalid_request_error", "invalid tool call arguments"),
                Arguments.of("FastAPI's detail", 422, """
                        {"detail":"Unprocessable Entity"}""", "invalid_request_error", "Unprocessable Entity"),
                Arguments.of("vLLM's 401 without an api key", 401, """
                        {"error":"Unauthorized"}""", "authentication_error", "Unauthorized"),
                Arguments.of("a busy backend", 503, "Service Unavailable", "overloaded_error", "Service Unavailable"),
                Arguments.of("a rate-limited remote provider", 429, """
                        {"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}""",
                        "rate_limit_error", "Rate limit reached"),
                Arguments.of("a crashed backend with no body", 500, "", "api_error",
                        "The backend answered HTTP 500 with no message."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void translatesTheBackendsError(String name, int status, String body, String type, String message)
            throws Exception {
        String expected = JSON.createObjectNode().put("type", "error").set("error",
                JSON.createObjectNode().put("type", type).put("message", message)).toString();
        assertEquals(JSON.readTree(expected),
                JSON.readTree(OpenAiErrorToAnthropic.body(status, body.getBytes(StandardCharsets.UTF_8))));
    }
}
