package dev.aistack.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aistack.errors.GatewayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** OpenAI chat bodies received on /api/chat, and the native requests they become. */
class OpenAiChatToOllamaChatTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> translations() {
        return Stream.of(
                Arguments.of("a string message, sampling fields as options", """
                        {"model":"llama3.2:1b","messages":[{"role":"user","content":"Say hello."}],"max_tokens":64,
                         "temperature":0.2,"top_p":0.9,"stop":"END","seed":42,"presence_penalty":0.5,
                         "frequency_penalty":0.25}""", false, """
                        {"model":"llama3.2:1b","messages":[{"role":"user","content":"Say hello."}],"stream":false,
                         "options":{"temperature":0.2,"top_p":0.9,"stop":["END"],"seed":42,"presence_penalty":0.5,
                         "frequency_penalty":0.25,"num_predict":64}}"""),
                Arguments.of("text and data: image parts", """
                        {"model":"llava","messages":[{"role":"user","content":[{"type":"text","text":"What is it?"},
                         {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]}]}""", true, """
                        {"model":"llava","messages":[{"role":"user","content":"What is it?","images":["iVBORw0KGgo="]}],
                         "stream":true}"""),
                Arguments.of("json_object and json_schema formats; max_completion_tokens wins", """
                        {"model":"m","messages":[],"max_tokens":1,"max_completion_tokens":9,
                         "response_format":{"type":"json_schema","json_schema":{"name":"x","schema":{"type":"object"}}}}""",
                        false, """
                        {"model":"m","messages":[],"stream":false,"options":{"num_predict":9},"format":{"type":"object"}}"""),
                Arguments.of("native options win over the OpenAI field; keep_alive kept", """
                        {"model":"m","messages":[],"temperature":1,"options":{"temperature":0,"num_ctx":8192},
                         "keep_alive":"5m","response_format":{"type":"json_object"}}""", false, """
                        {"model":"m","messages":[],"stream":false,"options":{"temperature":0,"num_ctx":8192},
                         "format":"json","keep_alive":"5m"}"""),
                Arguments.of("tool calls: arguments become objects, results get tool_name", """
                        {"model":"m","tools":[{"type":"function","function":{"name":"get_weather"}}],"tool_choice":"auto",
                         "messages":[{"role":"user","content":"Weather?"},
                         {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                          "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
                         {"role":"tool","tool_call_id":"call_1","content":"22 C"}]}""", false, """
                        {"model":"m","messages":[{"role":"user","content":"Weather?"},
                         {"role":"assistant","content":"","tool_calls":[{"id":"call_1","function":{"name":"get_weather",
                          "arguments":{"city":"Paris"}}}]},
                         {"role":"tool","content":"22 C","tool_call_id":"call_1","tool_name":"get_weather"}],
                         "stream":false,"tools":[{"type":"function","function":{"name":"get_weather"}}],"tool_choice":"auto"}"""),
                Arguments.of("native message fields in a body with OpenAI fields are kept", """
                        {"model":"m","response_format":{"type":"json_object"},"messages":[{"role":"user",
                         "content":"What is it?","images":["iVBORw0KGgo="]}]}""", true, """
                        {"model":"m","messages":[{"role":"user","content":"What is it?","images":["iVBORw0KGgo="]}],
                         "stream":true,"format":"json"}"""),
                Arguments.of("tool_choice none drops the tools; developer is system", """
                        {"model":"m","tool_choice":"none","tools":[{"type":"function","function":{"name":"f"}}],
                         "messages":[{"role":"developer","content":"Be terse."}]}""", false, """
                        {"model":"m","messages":[{"role":"system","content":"Be terse."}],"stream":false}"""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("translations")
    void translates(String name, String openAi, boolean stream, String expected) throws Exception {
        assertEquals(JSON.readTree(expected), OpenAiChatToOllamaChat.translate(JSON.readTree(openAi), stream));
    }

    static Stream<Arguments> bodies() {
        return Stream.of(
                Arguments.of("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", false),
                Arguments.of("{\"model\":\"m\",\"messages\":[],\"options\":{\"temperature\":0},\"keep_alive\":0}", false),
                Arguments.of("{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"function\":"
                        + "{\"name\":\"f\",\"arguments\":{\"a\":1}}}]}]}", false),
                Arguments.of("{\"model\":\"m\",\"messages\":[],\"max_tokens\":5}", true),
                Arguments.of("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\","
                        + "\"text\":\"hi\"}]}]}", true),
                Arguments.of("{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"function\":"
                        + "{\"name\":\"f\",\"arguments\":\"{}\"}}]}]}", true),
                Arguments.of("{\"model\":\"m\",\"temperature\":null,\"messages\":[]}", false));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("bodies")
    void recognisesAnOpenAiBody(String body, boolean openAi) {
        assertEquals(openAi, OpenAiChatToOllamaChat.isOpenAiBody(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anImageUrlThatIsNoDataUriIsRefusedNotFetched() throws Exception {
        JsonNode body = JSON.readTree("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":"
                + "\"image_url\",\"image_url\":{\"url\":\"http://169.254.169.254/latest\"}}]}]}");
        GatewayException e = assertThrows(GatewayException.class, () -> OpenAiChatToOllamaChat.translate(body, false));
        assertEquals("invalid_request", e.code().code());
    }
}
