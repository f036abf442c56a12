package dev.aistack.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A native Ollama chat request as an OpenAI chat completion request, for an OpenAI-kind node: images become
 * image_url data: parts, options become sampling fields, format becomes response_format, tool-call arguments
 * become JSON strings, tool results get the tool_call_id OpenAI requires. A stream always asks for usage, so the
 * done line can carry prompt_eval_count and eval_count. keep_alive and Ollama-only options are not sent.
 */
public final class OllamaChatToOpenAiChat {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OllamaChatToOpenAiChat() {
    }

    public static ObjectNode translate(JsonNode ollama, boolean stream) {
        ObjectNode out = JSON.createObjectNode();
        out.set("model", ollama.get("model"));
        out.set("messages", messages(ollama.path("messages")));
        OllamaOptions.toOpenAi(ollama.get("options"), out);
        OllamaOptions.formatToOpenAi(ollama.get("format"), out);
        if (ollama.path("tools").isArray() && !ollama.path("tools").isEmpty()) {
            out.set("tools", ollama.get("tools"));
            if (ollama.hasNonNull("tool_choice")) {
                out.set("tool_choice", ollama.get("tool_choice"));
            }
        }
        out.put("stream", stream);
        if (stream) {
            out.putObject("stream_options").put("include_usage", true);
        }
        return out;
    }

    private static ArrayNode messages(JsonNode in) {
        ArrayNode out = JSON.createArrayNode();
        Deque<String[]> unanswered = new ArrayDeque<>(); // {id, name} of calls not yet answered by a tool message
        int generated = 0;
        for (JsonNode m : in) {
            ObjectNode msg = out.addObject();
            String role = m.path("role").asText();
            msg.put("role", role);
            String text = m.path("content").asText("");
            JsonNode images = m.path("images");
            if (images.isArray() && !images.isEmpty()) {
                ArrayNode parts = msg.putArray("content");
                if (!text.isEmpty()) {
                    parts.addObject().put("type", "text").put("text", text);
                }
                for (JsonNode img : images) {
                    parts.addObject().put("type", "image_url").putObject("image_url")
                            .put("url", "data:" + mediaType(img.asText()) + ";base64," + img.asText());
                }
            } else {
                msg.put("content", text);
            }
            if (m.path("tool_calls").isArray() && !m.path("tool_calls").isEmpty()) {
                ArrayNode calls = msg.putArray("tool_calls");
                for (JsonNode c : m.get("tool_calls")) {
                    String id = c.hasNonNull("id") ? c.get("id").asText() : "call_" + generated++;
                    String name = c.path("function").path("name").asText();
                    JsonNode args = c.path("function").path("arguments");
                    ObjectNode call = calls.addObject().put("id", id).put("type", "function");
                    call.putObject("function").put("name", name)
                            .put("arguments", args.isTextual() ? args.asText() : args.isMissingNode() ? "{}"
                                    : args.toString());
                    unanswered.add(new String[]{id, name});
                }
            }
            if (role.equals("tool")) {
                msg.put("tool_call_id", toolCallId(m, unanswered));
            }
        }
        return out;
    }

    /** The tool message's own id, else the earliest unanswered call of its tool_name, else the earliest one. */
    private static String toolCallId(JsonNode m, Deque<String[]> unanswered) {
        if (m.hasNonNull("tool_call_id")) {
            String id = m.get("tool_call_id").asText();
            unanswered.removeIf(c -> c[0].equals(id));
            return id;
        }
        String name = m.path("tool_name").asText("");
        for (String[] c : unanswered) {
            if (c[1].equals(name)) {
                unanswered.remove(c);
                return c[0];
            }
        }
        String[] first = unanswered.poll();
        return first != null ? first[0] : "call_0";
    }

    /** Ollama sends bare base64; OpenAI wants a data: URI, so the type is read from the data's first bytes. */
    static String mediaType(String base64) {
        if (base64.startsWith("/9j/")) {
            return "image/jpeg";
        }
        if (base64.startsWith("R0lGOD")) {
            return "image/gif";
        }
        if (base64.startsWith("UklGR")) {
            return "image/webp";
        }
        return "image/png";
    }
}
