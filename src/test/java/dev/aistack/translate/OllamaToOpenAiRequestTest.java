package dev.aistack.translate;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Native requests (shared/OLLAMA_WIRE.md §3) as the OpenAI requests sent to an OpenAI-kind node. */
class OllamaToOpenAiRequestTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> chats() {
        return Stream.of(
                Arguments.of("options, format and keep_alive (not sent); a stream asks for usage", """
                        {"model":"llama3.2:1b","messages":[{"role":"user","content":"Say hello."}],"keep_alive":"5m",
                         "format":"json","options":{"num_predict":32,"temperature":0.1,"stop":["\\n"],"num_ctx":8192,
                         "top_k":40,"repeat_penalty":1.1}}""", true, """
                        {"model":"llama3.2:1b","messages":[{"role":"user","content":"Say hello."}],"temperature":0.1,
                         "stop":["\\n"],"top_k":40,"repetition_penalty":1.1,"max_tokens":32,
                         "response_format":{"type":"json_object"},"stream":true,"stream_options":{"include_usage":true}}"""),
                Arguments.of("images become data: parts, typed from their first bytes; num_predict -1 is no limit", """
                        {"model":"llava","messages":[{"role":"user","content":"What?","images":["/9j/4AAQ","iVBORw0KGgo="]}],
                         "options":{"num_predict":-1},"format":{"type":"object"}}""", false, """
                        {"model":"llava","messages":[{"role":"user","content":[{"type":"text","text":"What?"},
                         {"type":"image_url","image_url":{"url":"data:image/jpeg;base64,/9j/4AAQ"}},
                         {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]}],
                         "response_format":{"type":"json_schema","json_schema":{"name":"response","schema":{"type":"object"}}},
                         "stream":false}"""),
                Arguments.of("parallel tool calls; results matched by tool_name, in order", """
                        {"model":"m","tools":[{"type":"function","function":{"name":"a"}}],"messages":[
                         {"role":"assistant","content":"","tool_calls":[
                          {"id":"call_k3j9x0qa","function":{"index":0,"name":"get_weather","arguments":{"city":"Paris"}}},
                          {"function":{"index":1,"name":"get_time","arguments":{}}}]},
                         {"role":"tool","tool_name":"get_time","content":"noon"},
                         {"role":"tool","tool_name":"get_weather","content":"22 C"}]}""", false, """
                        {"model":"m","messages":[{"role":"assistant","content":"","tool_calls":[
                          {"id":"call_k3j9x0qa","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}},
                          {"id":"call_0","type":"function","function":{"name":"get_time","arguments":"{}"}}]},
                         {"role":"tool","content":"noon","tool_call_id":"call_0"},
                         {"role":"tool","content":"22 C","tool_call_id":"call_k3j9x0qa"}],
                         "tools":[{"type":"function","function":{"name":"a"}}],"stream":false}"""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("chats")
    void chat(String name, String ollama, boolean stream, String expected) throws Exception {
        assertEquals(JSON.readTree(expected), OllamaChatToOpenAiChat.translate(JSON.readTree(ollama), stream));
    }

    static Stream<Arguments> others() {
        return Stream.of(
                Arguments.of("generate", OllamaGenerateToOpenAiCompletion.translate(tree("""
                        {"model":"llama3.2:1b","prompt":"Why is the sky blue?","system":"ignored","suffix":"END",
                         "options":{"seed":1}}"""), true), """
                        {"model":"llama3.2:1b","prompt":"Why is the sky blue?","suffix":"END","seed":1,"stream":true,
                         "stream_options":{"include_usage":true}}"""),
                Arguments.of("embed", OllamaEmbedToOpenAiEmbeddings.embed(tree("""
                        {"model":"nomic-embed-text","input":["a","b"],"truncate":true,"dimensions":2,"keep_alive":0}""")),
                        """
                        {"model":"nomic-embed-text","input":["a","b"],"dimensions":2}"""),
                Arguments.of("embeddings (older)", OllamaEmbedToOpenAiEmbeddings.embeddings(tree("""
                        {"model":"nomic-embed-text","prompt":"The quick brown fox."}""")), """
                        {"model":"nomic-embed-text","input":"The quick brown fox."}"""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("others")
    void generateAndEmbeddings(String name, Object translated, String expected) throws Exception {
        assertEquals(JSON.readTree(expected), translated);
    }

    private static com.fasterxml.jackson.databind.JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
