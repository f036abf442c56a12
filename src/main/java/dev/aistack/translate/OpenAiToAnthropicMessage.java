package dev.aistack.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;

/**
 * An OpenAI chat completion as an Anthropic Message: content blocks (thinking, text, tool_use with the arguments
 * string parsed into the input object), stop_reason from finish_reason, usage renamed. Pure.
 */
public final class OpenAiToAnthropicMessage {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenAiToAnthropicMessage() {
    }

    /**
     * @param completion the backend's chat.completion
     * @param id         the message id to give (msg_…)
     * @param model      the model the client asked for, used when the backend names none
     */
    public static ObjectNode message(JsonNode completion, String id, String model) {
        JsonNode choice = completion.path("choices").path(0);
        JsonNode message = choice.path("message");
        ObjectNode out = JSON.createObjectNode();
        out.put("id", id).put("type", "message").put("role", "assistant");
        ArrayNode content = out.putArray("content");
        String reasoning = reasoning(message);
        if (!reasoning.isEmpty()) {
            content.addObject().put("type", "thinking").put("thinking", reasoning).put("signature", "");
        }
        String text = message.path("content").asText("");
        if (!text.isEmpty()) {
            content.addObject().put("type", "text").put("text", text);
        }
        for (JsonNode call : message.path("tool_calls")) {
            ObjectNode use = content.addObject().put("type", "tool_use");
            use.put("id", call.path("id").asText(AnthropicIds.toolUse()));
            use.put("name", call.path("function").path("name").asText(""));
            use.set("input", input(call.path("function").get("arguments")));
        }
        out.put("model", completion.path("model").asText(model));
        AnthropicStopReason stop = AnthropicStopReason.of(choice.path("finish_reason").asText(null), choice.get("stop_reason"));
        if (message.path("tool_calls").size() > 0 && stop.reason().equals("end_turn")) {
            stop = new AnthropicStopReason("tool_use", null); // the client loops on tool_use to run the tools
        }
        out.put("stop_reason", stop.reason());
        out.put("stop_sequence", stop.sequence());
        JsonNode usage = completion.path("usage");
        out.putObject("usage").put("input_tokens", usage.path("prompt_tokens").asLong(0))
                .put("output_tokens", usage.path("completion_tokens").asLong(0));
        return out;
    }

    /** Ollama's OpenAI layer names the model's reasoning "reasoning", vLLM "reasoning_content". */
    static String reasoning(JsonNode messageOrDelta) {
        String ollama = messageOrDelta.path("reasoning").asText("");
        return ollama.isEmpty() ? messageOrDelta.path("reasoning_content").asText("") : ollama;
    }

    /**
     * OpenAI's arguments are a JSON string (Ollama's native layer: an object already). Arguments that are not a
     * JSON object (a model's malformed output) are kept whole under "arguments", so nothing is lost.
     */
    static JsonNode input(JsonNode arguments) {
        if (arguments == null || arguments.isNull()) {
            return JSON.createObjectNode();
        }
        if (arguments.isObject()) {
            return arguments;
        }
        String text = arguments.asText("");
        if (text.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode parsed = JSON.readTree(text);
            if (parsed != null && parsed.isObject()) {
                return parsed;
            }
        } catch (IOException malformed) {
            // kept whole below
        }
        return JSON.createObjectNode().put("arguments", text);
    }
}
