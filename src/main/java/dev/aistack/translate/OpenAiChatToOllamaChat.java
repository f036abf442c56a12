package dev.aistack.translate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aistack.errors.ErrorCode;
import dev.aistack.errors.GatewayException;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An OpenAI chat body received on Ollama's /api/chat, as Ollama's native chat request: content parts become
 * {@code content} plus base64 {@code images}, sampling fields become {@code options}, response_format becomes
 * {@code format}, tool-call arguments become objects. Native fields already present (options, format, keep_alive,
 * think) are kept; an explicit native option wins over the OpenAI field that maps to it.
 */
public final class OpenAiChatToOllamaChat {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory();
    // Top-level fields only OpenAI's chat body has: one of them means the body is OpenAI's.
    private static final Set<String> OPENAI_ONLY = Set.of("max_tokens", "max_completion_tokens", "temperature",
            "top_p", "stop", "seed", "presence_penalty", "frequency_penalty", "response_format", "tool_choice",
            "stream_options", "n", "user", "logit_bias", "parallel_tool_calls");
    // Native fields copied as they are.
    private static final List<String> NATIVE_MESSAGE = List.of("images", "thinking", "tool_name");
    private static final List<String> NATIVE = List.of("format", "keep_alive", "think", "truncate", "shift",
            "logprobs", "top_logprobs");

    private OpenAiChatToOllamaChat() {
    }

    /**
     * Whether a (well-formed) body is an OpenAI chat body: it has a field only OpenAI's has, a message whose content
     * is a list of parts, or a tool call whose arguments are a JSON string. Read without building the messages.
     */
    public static boolean isOpenAiBody(byte[] body) {
        try (JsonParser p = FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            boolean openAi = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (OPENAI_ONLY.contains(name) && value != JsonToken.VALUE_NULL) {
                    openAi = true;
                    p.skipChildren();
                } else if (name.equals("messages") && value == JsonToken.START_ARRAY) {
                    openAi |= openAiMessages(p);
                } else {
                    p.skipChildren();
                }
            }
            return openAi;
        } catch (IOException e) {
            return false; // RequestFields has already refused what is not JSON
        }
    }

    private static boolean openAiMessages(JsonParser p) throws IOException {
        boolean openAi = false;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("content") && value == JsonToken.START_ARRAY) {
                    openAi = true;
                    p.skipChildren();
                } else if (name.equals("tool_calls") && value == JsonToken.START_ARRAY) {
                    JsonNode calls = p.readValueAsTree();
                    for (JsonNode c : calls) {
                        openAi |= c.path("function").path("arguments").isTextual();
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
        return openAi;
    }

    /** The native request; {@code stream} is made explicit (the client's, or false: OpenAI's default). */
    public static ObjectNode translate(JsonNode openAi, boolean stream) {
        ObjectNode out = JSON.createObjectNode();
        out.set("model", openAi.get("model"));
        out.set("messages", messages(openAi.path("messages")));
        out.put("stream", stream);
        ObjectNode options = JSON.createObjectNode();
        OllamaOptions.OPENAI_TO_OLLAMA.forEach((field, option) -> {
            JsonNode v = openAi.get(field);
            if (v != null && !v.isNull()) {
                options.set(option, option.equals("stop") && v.isTextual() ? JSON.createArrayNode().add(v) : v);
            }
        });
        JsonNode max = openAi.hasNonNull("max_completion_tokens") ? openAi.get("max_completion_tokens")
                : openAi.get("max_tokens");
        if (max != null && !max.isNull()) {
            options.set("num_predict", max);
        }
        if (openAi.path("options").isObject()) {
            options.setAll((ObjectNode) openAi.get("options")); // native options win
        }
        if (!options.isEmpty()) {
            out.set("options", options);
        }
        JsonNode rf = openAi.path("response_format");
        switch (rf.path("type").asText("")) {
            case "json_object" -> out.put("format", "json");
            case "json_schema" -> out.set("format", rf.path("json_schema").path("schema"));
            default -> {
            }
        }
        for (String field : NATIVE) {
            if (openAi.hasNonNull(field)) {
                out.set(field, openAi.get(field));
            }
        }
        JsonNode toolChoice = openAi.get("tool_choice");
        boolean noTools = toolChoice != null && toolChoice.isTextual() && toolChoice.asText().equals("none");
        if (openAi.path("tools").isArray() && !openAi.path("tools").isEmpty() && !noTools) {
            out.set("tools", openAi.get("tools"));
            if (toolChoice != null && !toolChoice.isNull()) {
                out.set("tool_choice", toolChoice); // Ollama ignores it; an OpenAI-kind node honours it
            }
        }
        return out;
    }

    private static ArrayNode messages(JsonNode in) {
        ArrayNode out = JSON.createArrayNode();
        Map<String, String> toolNames = new HashMap<>(); // call id -> function name, for tool results
        for (JsonNode m : in) {
            ObjectNode msg = out.addObject();
            String role = m.path("role").asText();
            msg.put("role", role.equals("developer") ? "system" : role);
            content(m.get("content"), msg);
            if (m.path("tool_calls").isArray()) {
                ArrayNode calls = msg.putArray("tool_calls");
                for (JsonNode c : m.get("tool_calls")) {
                    ObjectNode call = calls.addObject();
                    if (c.hasNonNull("id")) {
                        call.set("id", c.get("id"));
                        toolNames.put(c.get("id").asText(), c.path("function").path("name").asText());
                    }
                    ObjectNode fn = call.putObject("function");
                    fn.set("name", c.path("function").path("name"));
                    fn.set("arguments", arguments(c.path("function").get("arguments")));
                }
            }
            for (String nativeField : NATIVE_MESSAGE) {
                if (m.hasNonNull(nativeField) && msg.get(nativeField) instanceof ArrayNode fromParts
                        && m.get(nativeField).isArray()) {
                    fromParts.addAll((ArrayNode) m.get(nativeField));
                } else if (m.hasNonNull(nativeField)) {
                    msg.set(nativeField, m.get(nativeField)); // a native message in a body with OpenAI fields
                }
            }
            if (m.hasNonNull("tool_call_id")) {
                String id = m.get("tool_call_id").asText();
                msg.put("tool_call_id", id);
                if (toolNames.containsKey(id)) {
                    msg.put("tool_name", toolNames.get(id));
                }
            }
        }
        return out;
    }

    /** A string stays; text parts are joined; data: image parts become base64 images. */
    private static void content(JsonNode content, ObjectNode msg) {
        if (content == null || content.isNull()) {
            msg.put("content", "");
            return;
        }
        if (!content.isArray()) {
            msg.put("content", content.asText());
            return;
        }
        StringBuilder text = new StringBuilder();
        ArrayNode images = JSON.createArrayNode();
        for (JsonNode part : content) {
            switch (part.path("type").asText()) {
                case "text" -> text.append(text.isEmpty() ? "" : "\n").append(part.path("text").asText());
                case "image_url" -> images.add(base64Image(part.path("image_url").path("url").asText(
                        part.path("image_url").asText())));
                default -> throw new GatewayException(ErrorCode.INVALID_REQUEST, "Content parts of type '"
                        + part.path("type").asText() + "' are not supported on /api/chat; send text and image_url "
                        + "parts.", "messages");
            }
        }
        msg.put("content", text.toString());
        if (!images.isEmpty()) {
            msg.set("images", images);
        }
    }

    /** Ollama takes images as bytes only: the gateway never fetches a URL a client chose. */
    private static String base64Image(String url) {
        int comma = url.indexOf(',');
        if (!url.startsWith("data:") || comma < 0 || !url.substring(0, comma).endsWith(";base64")) {
            throw new GatewayException(ErrorCode.INVALID_REQUEST, "An image_url must be a data: URI with base64 data "
                    + "(data:image/png;base64,...); URLs are not fetched.", "messages");
        }
        return url.substring(comma + 1);
    }

    /** OpenAI sends arguments as a JSON string, Ollama as an object; text that is no JSON object stays a string. */
    private static JsonNode arguments(JsonNode args) {
        if (args == null || args.isNull()) {
            return JSON.createObjectNode();
        }
        if (!args.isTextual()) {
            return args;
        }
        try {
            JsonNode parsed = JSON.readTree(args.asText().isBlank() ? "{}" : args.asText());
            return parsed != null && parsed.isObject() ? parsed : args;
        } catch (IOException e) {
            return args;
        }
    }
}
