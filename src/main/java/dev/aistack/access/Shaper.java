package dev.aistack.access;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aistack.errors.ErrorCode;
import dev.aistack.errors.GatewayException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Locale;

/**
 * Policy steps 7 and 8: model binding and request shaping. Always, for every caller: image parts whose URL is not
 * a data: URI are dropped (the backend must never fetch a URL a client chose: no SSRF). The rest only as the key's
 * policy says. A body nothing applies to is returned as the same bytes; a changed one is re-written from a tree
 * that keeps every other field in its order with its exact value (numbers as written, unknown fields included).
 */
final class Shaper {
    /** Which request shape the route speaks. */
    enum Api { CHAT, RESPONSES, MESSAGES, OTHER }

    // Exact numbers: 1.10 stays 1.10 and big integers stay whole, so untouched fields keep their values.
    private static final ObjectMapper EXACT = JsonMapper.builder()
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private Shaper() {
    }

    static Api api(String path) {
        // Ollama's /api/chat takes OpenAI chat bodies too; its native form differs only by messages' images lists.
        if (path.startsWith("/v1/chat/completions") || path.equals("/api/chat")) {
            return Api.CHAT;
        }
        if (path.equals("/v1/messages") || path.startsWith("/v1/messages/")) {
            return Api.MESSAGES; // Anthropic's shape, translated for the backend after shaping
        }
        return path.startsWith("/v1/responses") ? Api.RESPONSES : Api.OTHER;
    }

    /**
     * The body to forward: the very bytes received when nothing applies. {@code model} is the body's "model" as
     * read by the inference path; policy null: open mode or a static key.
     */
    static byte[] shape(byte[] body, String model, Api api, Policy policy) {
        if (policy != null && policy.model() != null && (model == null || model.isEmpty())) {
            throw new GatewayException(ErrorCode.INVALID_REQUEST, "'model' must be a non-empty string (this key "
                    + "is bound to one model, which replaces it).", "model");
        }
        if (!mightApply(body, api, policy)) {
            return body; // the common case: no image part, no policy edit; the body is never parsed into a tree
        }
        ObjectNode tree = exactTree(body);
        if (!applies(tree, api, policy)) {
            return body;
        }
        if (policy != null && policy.model() != null) {
            tree.put("model", policy.model()); // replaces the value in place: the field keeps its position
        }
        dropImages(tree, api, policy == null || policy.vision());
        if (policy != null && api != Api.OTHER) {
            if (!policy.tools()) {
                tree.remove(java.util.List.of("tools", "tool_choice", "parallel_tool_calls"));
            }
            if (policy.forceJson()) {
                forceJson(tree, api);
            }
            if (policy.systemPrompt() != null) {
                systemPrompt(tree, api, policy.systemPrompt());
            }
        }
        try {
            return EXACT.writeValueAsBytes(tree);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether shaping could change this body, decided on its bytes: a policy edit, or an image part (the word
     * "image" in any case, or any \\u escape, which could spell it: the backend decodes escapes and matches
     * field names case-insensitively, so this check must not be fooled by either).
     */
    private static boolean mightApply(byte[] body, Api api, Policy policy) {
        if (policy != null && (policy.model() != null || !policy.tools() || !policy.vision() || policy.forceJson()
                || policy.systemPrompt() != null)) {
            return true;
        }
        return api != Api.OTHER && (containsIgnoreCase(body, "image") || containsIgnoreCase(body, "\\u"));
    }

    private static boolean containsIgnoreCase(byte[] body, String ascii) {
        byte[] needle = ascii.toLowerCase(Locale.ROOT).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + needle.length <= body.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                byte b = body[i + j];
                if ((b >= 'A' && b <= 'Z' ? b + 32 : b) != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static boolean applies(JsonNode tree, Api api, Policy policy) {
        if (hasImagesToDrop(tree, api, policy == null || policy.vision())) {
            return true;
        }
        if (policy == null) {
            return false;
        }
        if (policy.model() != null && !policy.model().equals(tree.path("model").asText())) {
            return true;
        }
        if (api == Api.OTHER) {
            return false;
        }
        return (!policy.tools() && (tree.has("tools") || tree.has("tool_choice") || tree.has("parallel_tool_calls")))
                || policy.forceJson() || policy.systemPrompt() != null;
    }

    // --- images ------------------------------------------------------------------------------------------------

    private static boolean hasImagesToDrop(JsonNode tree, Api api, boolean vision) {
        for (JsonNode message : messages(tree, api)) {
            if (!vision && message.has("images")) {
                return true; // Ollama's native base64 images
            }
            for (JsonNode part : message.path("content")) {
                if (isImage(part) && (!vision || !inline(part))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void dropImages(ObjectNode tree, Api api, boolean vision) {
        for (JsonNode message : messages(tree, api)) {
            if (!vision && message instanceof ObjectNode m) {
                m.remove("images");
            }
            if (message.path("content") instanceof ArrayNode parts) {
                Iterator<JsonNode> it = parts.iterator();
                while (it.hasNext()) {
                    JsonNode part = it.next();
                    if (isImage(part) && (!vision || !inline(part))) {
                        it.remove();
                    }
                }
            }
        }
    }

    private static JsonNode messages(JsonNode tree, Api api) {
        return switch (api) {
            case CHAT -> tree.path("messages");
            case RESPONSES -> tree.path("input"); // a string input has no parts
            case MESSAGES -> tree.path("messages");
            case OTHER -> com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        };
    }

    private static boolean isImage(JsonNode part) {
        String type = part.path("type").asText("");
        return type.equals("image_url") || type.equals("input_image") || type.equals("image");
    }

    /** An image given inline as a data: URI; anything else (http, file ids, missing) is not fetched for anyone. */
    private static boolean inline(JsonNode part) {
        if (part.has("source")) { // Anthropic's image block: inline only as a base64 source
            return part.path("source").path("type").asText("").equals("base64");
        }
        JsonNode url = part.path("image_url");
        String text = url.isTextual() ? url.asText() : url.path("url").asText("");
        return text.trim().toLowerCase(Locale.ROOT).startsWith("data:");
    }

    // --- policy edits ------------------------------------------------------------------------------------------

    private static void forceJson(ObjectNode tree, Api api) {
        if (api == Api.CHAT || api == Api.MESSAGES) { // the Anthropic translation passes response_format on
            tree.putObject("response_format").put("type", "json_object");
        } else {
            JsonNode text = tree.get("text");
            ObjectNode t = text instanceof ObjectNode o ? o : tree.putObject("text");
            t.putObject("format").put("type", "json_object");
        }
    }

    private static void systemPrompt(ObjectNode tree, Api api, String prompt) {
        if (api == Api.MESSAGES) { // Anthropic's system is a top-level string or text blocks: the policy's goes first
            JsonNode existing = tree.get("system");
            ArrayNode blocks = JsonNodeFactory.instance.arrayNode();
            blocks.addObject().put("type", "text").put("text", prompt);
            if (existing instanceof ArrayNode list) {
                blocks.addAll(list);
            } else if (existing != null && existing.isTextual()) {
                blocks.addObject().put("type", "text").put("text", existing.asText());
            }
            tree.set("system", blocks);
            return;
        }
        String field = api == Api.CHAT ? "messages" : "input";
        JsonNode existing = tree.get(field);
        ObjectNode system = JsonNodeFactory.instance.objectNode().put("role", "system").put("content", prompt);
        if (existing instanceof ArrayNode list) {
            list.insert(0, system);
        } else if (existing != null && existing.isTextual()) { // Responses' string input is one user message
            ArrayNode list = tree.putArray(field);
            list.add(system);
            list.addObject().put("role", "user").put("content", existing.asText());
        }
    }

    private static ObjectNode exactTree(byte[] bytes) {
        try {
            return (ObjectNode) EXACT.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // unreachable: RequestFields read these bytes as one object already
        }
    }
}
