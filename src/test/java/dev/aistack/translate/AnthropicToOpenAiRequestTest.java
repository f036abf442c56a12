package dev.aistack.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aistack.errors.GatewayException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Anthropic Messages requests, most taken from Anthropic's API reference (Messages, tool use, vision examples), and
 * the OpenAI chat completions request each becomes, compared as whole JSON trees.
 */
class AnthropicToOpenAiRequestTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> translations() {
        return Stream.of(
                Arguments.of("the API reference's first request",
                        """
                        {"model":"claude-sonnet-4-5","max_tokens":1024,
                         "messages":[{"role":"user","content":"Hello, world"}]}""",
                        """
                        {"model":"claude-sonnet-4-5","messages":[{"role":"user","content":"Hello, world"}],
                         "max_tokens":1024}"""),
                Arguments.of("a system prompt as a string, sampling settings, stop sequences and a user id",
                        """
                        {"model":"m","max_tokens":256,"system":"You are a scientist","temperature":0.7,"top_p":0.9,
                         "top_k":40,"stop_sequences":["\\n\\nHuman:","END"],"metadata":{"user_id":"user-13"},
                         "messages":[{"role":"user","content":"Hi"}]}""",
                        """
                        {"model":"m","messages":[{"role":"system","content":"You are a scientist"},
                         {"role":"user","content":"Hi"}],"max_tokens":256,"temperature":0.7,"top_p":0.9,"top_k":40,
                         "stop":["\\n\\nHuman:","END"],"user":"user-13"}"""),
                Arguments.of("a system prompt as text blocks (cache_control ignored), joined with newlines",
                        """
                        {"model":"m","max_tokens":8,"system":[{"type":"text","text":"You are terse."},
                         {"type":"text","text":"Answer in French.","cache_control":{"type":"ephemeral"}}],
                         "messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]}]}""",
                        """
                        {"model":"m","messages":[{"role":"system","content":"You are terse.\\nAnswer in French."},
                         {"role":"user","content":"Hi"}],"max_tokens":8}"""),
                Arguments.of("a stream asks the backend for usage, so message_delta can carry output_tokens",
                        """
                        {"model":"m","max_tokens":8,"stream":true,"messages":[{"role":"user","content":"Hi"}]}""",
                        """
                        {"model":"m","messages":[{"role":"user","content":"Hi"}],"max_tokens":8,"stream":true,
                         "stream_options":{"include_usage":true}}"""),
                Arguments.of("the tool use guide's get_weather tool, any tool, no parallel calls",
                        """
                        {"model":"m","max_tokens":1024,"tools":[{"name":"get_weather",
                         "description":"Get the current weather in a given location","input_schema":{"type":"object",
                         "properties":{"location":{"type":"string","description":"The city and state, e.g. San Francisco, CA"}},
                         "required":["location"]}}],"tool_choice":{"type":"any","disable_parallel_tool_use":true},
                         "messages":[{"role":"user","content":"What's the weather like in San Francisco?"}]}""",
                        """
                        {"model":"m","messages":[{"role":"user","content":"What's the weather like in San Francisco?"}],
                         "tools":[{"type":"function","function":{"name":"get_weather",
                         "description":"Get the current weather in a given location","parameters":{"type":"object",
                         "properties":{"location":{"type":"string","description":"The city and state, e.g. San Francisco, CA"}},
                         "required":["location"]}}}],"tool_choice":"required","parallel_tool_calls":false,
                         "max_tokens":1024}"""),
                Arguments.of("a named tool choice",
                        """
                        {"model":"m","max_tokens":8,"tool_choice":{"type":"tool","name":"get_weather"},
                         "messages":[{"role":"user","content":"Hi"}]}""",
                        """
                        {"model":"m","messages":[{"role":"user","content":"Hi"}],
                         "tool_choice":{"type":"function","function":{"name":"get_weather"}},"max_tokens":8}"""),
                Arguments.of("the tool use guide's round trip: tool_use becomes tool_calls, tool_result a tool message",
                        """
                        {"model":"m","max_tokens":1024,"messages":[
                         {"role":"user","content":"What's the weather like in San Francisco?"},
                         {"role":"assistant","content":[{"type":"text","text":"<thinking>I need to use get_weather</thinking>"},
                          {"type":"tool_use","id":"toolu_01A09q90qw90lq917835lq9","name":"get_weather",
                           "input":{"location":"San Francisco, CA","unit":"celsius"}}]},
                         {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_01A09q90qw90lq917835lq9",
                          "content":"15 degrees"},{"type":"text","text":"And tomorrow?"}]}]}""",
                        """
                        {"model":"m","messages":[
                         {"role":"user","content":"What's the weather like in San Francisco?"},
                         {"role":"assistant","content":"<thinking>I need to use get_weather</thinking>","tool_calls":[
                          {"id":"toolu_01A09q90qw90lq917835lq9","type":"function","function":{"name":"get_weather",
                           "arguments":"{\\"location\\":\\"San Francisco, CA\\",\\"unit\\":\\"celsius\\"}"}}]},
                         {"role":"tool","tool_call_id":"toolu_01A09q90qw90lq917835lq9","content":"15 degrees"},
                         {"role":"user","content":"And tomorrow?"}],"max_tokens":1024}"""),
                Arguments.of("parallel tool results, one as text blocks and one marked as an error",
                        """
                        {"model":"m","max_tokens":8,"messages":[{"role":"user","content":[
                         {"type":"tool_result","tool_use_id":"call_1","content":[{"type":"text","text":"18 C"}]},
                         {"type":"tool_result","tool_use_id":"call_2","content":"city not found","is_error":true}]}]}""",
                        """
                        {"model":"m","messages":[{"role":"tool","tool_call_id":"call_1","content":"18 C"},
                         {"role":"tool","tool_call_id":"call_2","content":"Error: city not found"}],"max_tokens":8}"""),
                Arguments.of("the vision guide's base64 image becomes a data: URI part",
                        """
                        {"model":"m","max_tokens":1024,"messages":[{"role":"user","content":[
                         {"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"/9j/4AAQSkZJRg=="}},
                         {"type":"text","text":"Describe this image."}]}]}""",
                        """
                        {"model":"m","messages":[{"role":"user","content":[
                         {"type":"image_url","image_url":{"url":"data:image/jpeg;base64,/9j/4AAQSkZJRg=="}},
                         {"type":"text","text":"Describe this image."}]}],"max_tokens":1024}"""),
                Arguments.of("extended thinking's budget as a reasoning effort; earlier thinking blocks are not sent back",
                        """
                        {"model":"m","max_tokens":16000,"thinking":{"type":"enabled","budget_tokens":10000},
                         "messages":[{"role":"user","content":"Are there infinitely many primes?"},
                         {"role":"assistant","content":[{"type":"thinking","thinking":"Euclid...","signature":"EqQB"},
                          {"type":"text","text":"Yes."}]}]}""",
                        """
                        {"model":"m","messages":[{"role":"user","content":"Are there infinitely many primes?"},
                         {"role":"assistant","content":"Yes."}],"max_tokens":16000,"reasoning_effort":"medium"}"""),
                Arguments.of("response_format (how a key's force_json policy arrives) is passed on",
                        """
                        {"model":"m","max_tokens":8,"response_format":{"type":"json_object"},
                         "messages":[{"role":"user","content":"Hi"}]}""",
                        """
                        {"model":"m","messages":[{"role":"user","content":"Hi"}],"max_tokens":8,
                         "response_format":{"type":"json_object"}}"""),
                Arguments.of("thinking disabled sends nothing: the backend's default applies",
                        """
                        {"model":"m","max_tokens":8,"thinking":{"type":"disabled"},
                         "messages":[{"role":"user","content":"Hi"}]}""",
                        """
                        {"model":"m","messages":[{"role":"user","content":"Hi"}],"max_tokens":8}"""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("translations")
    void translatesTheRequest(String name, String anthropic, String openAi) throws Exception {
        assertEquals(JSON.readTree(openAi), AnthropicToOpenAiRequest.messages(JSON.readTree(anthropic)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("translations")
    void countsTokensOfTheSamePromptWithOneTokenOfAnswerAndNoStream(String name, String anthropic, String ignored)
            throws Exception {
        JsonNode chat = AnthropicToOpenAiRequest.countTokens(JSON.readTree(anthropic));
        assertEquals(1, chat.path("max_tokens").asInt());
        assertTrue(!chat.has("stream") && !chat.has("stop") && !chat.has("temperature"), chat.toString());
        assertEquals(AnthropicToOpenAiRequest.messages(JSON.readTree(anthropic)).get("messages"), chat.get("messages"));
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("no max_tokens", """
                        {"model":"m","messages":[{"role":"user","content":"Hi"}]}""", "max_tokens"),
                Arguments.of("an image by URL (the backend must never fetch a client's URL)", """
                        {"model":"m","max_tokens":8,"messages":[{"role":"user","content":[{"type":"image",
                         "source":{"type":"url","url":"https://upload.wikimedia.org/a.jpg"}}]}]}""",
                        "messages.0.content.0.source.type"),
                Arguments.of("a PDF document", """
                        {"model":"m","max_tokens":8,"messages":[{"role":"user","content":[{"type":"document",
                         "source":{"type":"base64","media_type":"application/pdf","data":"JVBERi0x"}}]}]}""",
                        "messages.0.content.0.type"),
                Arguments.of("an Anthropic server tool", """
                        {"model":"m","max_tokens":8,"tools":[{"type":"web_search_20250305","name":"web_search"}],
                         "messages":[{"role":"user","content":"Hi"}]}""", "tools.0.type"),
                Arguments.of("a system role inside messages", """
                        {"model":"m","max_tokens":8,"messages":[{"role":"system","content":"Hi"}]}""",
                        "messages.0.role"),
                Arguments.of("an unknown tool_choice", """
                        {"model":"m","max_tokens":8,"tool_choice":{"type":"sometimes"},
                         "messages":[{"role":"user","content":"Hi"}]}""", "tool_choice.type"),
                Arguments.of("a tool without an input schema", """
                        {"model":"m","max_tokens":8,"tools":[{"name":"t"}],"messages":[{"role":"user","content":"Hi"}]}""",
                        "tools.0.input_schema"));
    }

    @ParameterizedTest(name = "refuses {0}")
    @MethodSource("refusals")
    void refusesWhatOpenAiChatCannotSay(String name, String anthropic, String param) throws Exception {
        GatewayException e = assertThrows(GatewayException.class,
                () -> AnthropicToOpenAiRequest.messages(JSON.readTree(anthropic)));
        assertEquals("invalid_request", e.code().code());
        assertEquals(param, e.param(), e.getMessage());
    }
}
