package dev.aistack.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aistack.errors.ErrorCode;
import dev.aistack.errors.GatewayException;

import java.util.Map;

/**
 * An Anthropic Messages request as an OpenAI chat completions request, for any backend that serves
 * {@code /v1/chat/completions} (Ollama's OpenAI layer, vLLM, llama.cpp). Pure: a tree in, a tree out. What cannot
 * be said in OpenAI's terms is refused (400 invalid_request) rather than silently dropped, except the fields
 * docs-site/anthropic.md lists as ignored.
 */
public final class AnthropicToOpenAiRequest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Anthropic's thinking budget as the reasoning_effort OpenAI-compatible servers read (Ollama maps it to think). */
    private static final int LOW_BUDGET_BELOW = 4096;
    private static final int MEDIUM_BUDGET_BELOW = 16384;

    /** Why a block type has no translation, for the 400's message. */
    private static final Map<String, String> UNSUPPORTED = Map.of(
            "document", "documents (PDF, plain-text sources) have no OpenAI chat equivalent",
            "search_result", "search results have no OpenAI chat equivalent",
            "server_tool_use", "server tools run only on Anthropic's platform",
            "web_search_tool_result", "server tools run only on Anthropic's platform");

    private AnthropicToOpenAiRequest() {
    }

    /** For /v1/messages: max_tokens is required, as Anthropic requires it. */
    public static ObjectNode messages(JsonNode request) {
        ObjectNode chat = common(request);
        JsonNode maxTokens = request.get("max_tokens");
        if (maxTokens == null || maxTokens.isNull()) {
            throw invalid("'max_tokens' is required.", "max_tokens");
        }
        if (!maxTokens.canConvertToInt() || !maxTokens.isIntegralNumber() || maxTokens.asInt() < 1) {
            throw invalid("'max_tokens' must be a positive integer.", "max_tokens");
        }
        chat.put("max_tokens", maxTokens.asInt());
        copyNumber(request, "temperature", chat, "temperature");
        copyNumber(request, "top_p", chat, "top_p");
        copyNumber(request, "top_k", chat, "top_k"); // not OpenAI's; vLLM and llama.cpp read it, Ollama ignores it
        JsonNode stops = request.get("stop_sequences");
        if (stops != null && !stops.isNull()) {
            if (!stops.isArray()) {
                throw invalid("'stop_sequences' must be an array of strings.", "stop_sequences");
            }
            ArrayNode stop = chat.putArray("stop");
            stops.forEach(s -> stop.add(text(s, "stop_sequences")));
        }
        String user = request.path("metadata").path("user_id").asText(null);
        if (user != null) {
            chat.put("user", user);
        }
        JsonNode format = request.get("response_format"); // not Anthropic's: how a key's force_json policy arrives
        if (format != null && format.isObject()) {
            chat.set("response_format", format);
        }
        String effort = reasoningEffort(request.get("thinking"));
        if (effort != null) {
            chat.put("reasoning_effort", effort);
        }
        if (request.path("stream").asBoolean(false)) {
            chat.put("stream", true);
            // message_delta carries output_tokens: the backend must report usage at the end of the stream.
            chat.putObject("stream_options").put("include_usage", true);
        }
        return chat;
    }

    /** For /v1/messages/count_tokens: the same prompt, one token of answer, not streamed (usage is what is read). */
    public static ObjectNode countTokens(JsonNode request) {
        ObjectNode chat = common(request);
        chat.put("max_tokens", 1);
        return chat;
    }

    private static ObjectNode common(JsonNode request) {
        if (!request.isObject()) {
            throw invalid("The request body must be a JSON object.", null);
        }
        ObjectNode chat = JSON.createObjectNode();
        chat.set("model", request.get("model"));
        ArrayNode messages = chat.putArray("messages");
        system(request.get("system"), messages);
        JsonNode input = request.get("messages");
        if (input == null || !input.isArray()) {
            throw invalid("'messages' must be an array of messages.", "messages");
        }
        for (int i = 0; i < input.size(); i++) {
            message(input.get(i), "messages." + i, messages);
        }
        tools(request.get("tools"), chat);
        toolChoice(request.get("tool_choice"), chat);
        return chat;
    }

    private static void system(JsonNode system, ArrayNode messages) {
        if (system == null || system.isNull()) {
            return;
        }
        String text = system.isTextual() ? system.asText() : joinedText(system, "system");
        messages.addObject().put("role", "system").put("content", text);
    }

    private static void message(JsonNode message, String where, ArrayNode out) {
        String role = message.path("role").asText("");
        if (!role.equals("user") && !role.equals("assistant")) {
            throw invalid("'" + where + ".role' must be \"user\" or \"assistant\".", where + ".role");
        }
        JsonNode content = message.get("content");
        if (content != null && content.isTextual()) {
            out.addObject().put("role", role).put("content", content.asText());
            return;
        }
        if (content == null || !content.isArray()) {
            throw invalid("'" + where + ".content' must be a string or an array of content blocks.",
                    where + ".content");
        }
        if (role.equals("assistant")) {
            assistant(content, where, out);
        } else {
            user(content, where, out);
        }
    }

    /** Text and tool_use blocks: one assistant message, the calls as tool_calls with arguments as a JSON string. */
    private static void assistant(JsonNode blocks, String where, ArrayNode out) {
        StringBuilder text = new StringBuilder();
        ArrayNode calls = JSON.createArrayNode();
        for (int i = 0; i < blocks.size(); i++) {
            JsonNode block = blocks.get(i);
            String at = where + ".content." + i;
            switch (block.path("type").asText("")) {
                case "text" -> text.append(text(block.get("text"), at + ".text"));
                case "tool_use" -> {
                    ObjectNode call = calls.addObject();
                    call.put("id", text(block.get("id"), at + ".id"));
                    call.put("type", "function");
                    JsonNode input = block.get("input");
                    call.putObject("function").put("name", text(block.get("name"), at + ".name"))
                            .put("arguments", input == null || input.isNull() ? "{}" : input.toString());
                }
                // Earlier thinking is the model's own scratch work; OpenAI chat has no place to send it back.
                case "thinking", "redacted_thinking" -> {
                }
                default -> throw unsupportedBlock(block, at);
            }
        }
        ObjectNode message = out.addObject().put("role", "assistant").put("content", text.toString());
        if (!calls.isEmpty()) {
            message.set("tool_calls", calls);
        }
    }

    /**
     * Tool results become tool messages (OpenAI wants them right after the assistant's calls, so they go first);
     * text and images become one user message.
     */
    private static void user(JsonNode blocks, String where, ArrayNode out) {
        ArrayNode parts = JSON.createArrayNode();
        for (int i = 0; i < blocks.size(); i++) {
            JsonNode block = blocks.get(i);
            String at = where + ".content." + i;
            switch (block.path("type").asText("")) {
                case "text" -> parts.addObject().put("type", "text").put("text", text(block.get("text"), at + ".text"));
                case "image" -> parts.addObject().put("type", "image_url").putObject("image_url")
                        .put("url", dataUri(block.path("source"), at + ".source"));
                case "tool_result" -> {
                    JsonNode result = block.get("content");
                    String content = result == null || result.isNull() ? ""
                            : result.isTextual() ? result.asText() : joinedText(result, at + ".content");
                    if (block.path("is_error").asBoolean(false)) {
                        content = "Error: " + content; // OpenAI's tool message has no error flag
                    }
                    out.addObject().put("role", "tool")
                            .put("tool_call_id", text(block.get("tool_use_id"), at + ".tool_use_id"))
                            .put("content", content);
                }
                default -> throw unsupportedBlock(block, at);
            }
        }
        if (parts.isEmpty()) {
            return;
        }
        ObjectNode message = out.addObject().put("role", "user");
        if (parts.size() == 1 && parts.get(0).path("type").asText().equals("text")) {
            message.put("content", parts.get(0).get("text").asText()); // the plainest form every server reads
        } else {
            message.set("content", parts);
        }
    }

    /** Only inline images: the backend must never fetch a URL a client chose. */
    private static String dataUri(JsonNode source, String where) {
        String type = source.path("type").asText("");
        if (!type.equals("base64")) {
            throw invalid("'" + where + ".type' \"" + type + "\" is not supported: send images as a base64 source.",
                    where + ".type");
        }
        return "data:" + text(source.get("media_type"), where + ".media_type") + ";base64,"
                + text(source.get("data"), where + ".data");
    }

    private static void tools(JsonNode tools, ObjectNode chat) {
        if (tools == null || tools.isNull()) {
            return;
        }
        if (!tools.isArray()) {
            throw invalid("'tools' must be an array.", "tools");
        }
        ArrayNode out = chat.putArray("tools");
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            String at = "tools." + i;
            String type = tool.path("type").asText("custom");
            if (!type.equals("custom")) {
                throw invalid("'" + at + ".type' \"" + type + "\" is an Anthropic server tool; only client tools "
                        + "(name, description, input_schema) can be sent to this backend.", at + ".type");
            }
            ObjectNode function = out.addObject().put("type", "function").putObject("function");
            function.put("name", text(tool.get("name"), at + ".name"));
            if (tool.hasNonNull("description")) {
                function.put("description", text(tool.get("description"), at + ".description"));
            }
            JsonNode schema = tool.get("input_schema");
            if (schema == null || !schema.isObject()) {
                throw invalid("'" + at + ".input_schema' must be a JSON schema object.", at + ".input_schema");
            }
            function.set("parameters", schema);
        }
    }

    private static void toolChoice(JsonNode choice, ObjectNode chat) {
        if (choice == null || choice.isNull()) {
            return;
        }
        switch (choice.path("type").asText("")) {
            case "auto" -> chat.put("tool_choice", "auto");
            case "any" -> chat.put("tool_choice", "required");
            case "none" -> chat.put("tool_choice", "none");
            case "tool" -> chat.putObject("tool_choice").put("type", "function").putObject("function")
                    .put("name", text(choice.get("name"), "tool_choice.name"));
            default -> throw invalid("'tool_choice.type' must be auto, any, tool or none.", "tool_choice.type");
        }
        if (choice.path("disable_parallel_tool_use").asBoolean(false)) {
            chat.put("parallel_tool_calls", false);
        }
    }

    private static String reasoningEffort(JsonNode thinking) {
        if (thinking == null || !thinking.path("type").asText("").equals("enabled")) {
            return null;
        }
        int budget = thinking.path("budget_tokens").asInt(0);
        return budget < LOW_BUDGET_BELOW ? "low" : budget < MEDIUM_BUDGET_BELOW ? "medium" : "high";
    }

    /** Text blocks joined into one string (system prompts, tool results: OpenAI takes a string there). */
    private static String joinedText(JsonNode blocks, String where) {
        if (!blocks.isArray()) {
            throw invalid("'" + where + "' must be a string or an array of text blocks.", where);
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < blocks.size(); i++) {
            JsonNode block = blocks.get(i);
            if (!block.path("type").asText("").equals("text")) {
                throw invalid("'" + where + "." + i + "' must be a text block here.", where + "." + i);
            }
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(text(block.get("text"), where + "." + i + ".text"));
        }
        return text.toString();
    }

    private static void copyNumber(JsonNode from, String field, ObjectNode to, String as) {
        JsonNode value = from.get(field);
        if (value == null || value.isNull()) {
            return;
        }
        if (!value.isNumber()) {
            throw invalid("'" + field + "' must be a number.", field);
        }
        to.set(as, value);
    }

    private static String text(JsonNode node, String where) {
        if (node == null || !node.isTextual()) {
            throw invalid("'" + where + "' must be a string.", where);
        }
        return node.asText();
    }

    private static GatewayException unsupportedBlock(JsonNode block, String where) {
        String type = block.path("type").asText("");
        String why = UNSUPPORTED.getOrDefault(type, "it is not a block this gateway can translate");
        return invalid("'" + where + ".type' \"" + type + "\" is not supported here: " + why + ".", where + ".type");
    }

    private static GatewayException invalid(String message, String param) {
        return new GatewayException(ErrorCode.INVALID_REQUEST, message, param);
    }
}
