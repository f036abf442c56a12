package dev.aistack.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A backend's error answer in Anthropic's shape, {@code {"type":"error","error":{"type","message"}}}, keeping the
 * backend's status and message. The backends word errors differently: OpenAI and Ollama's OpenAI layer
 * {@code {"error":{"message"}}}, vLLM {@code {"object":"error","message"}} (older) or OpenAI's, Ollama's native
 * layer {@code {"error":"..."}}, FastAPI {@code {"detail":"..."}}; anything else is quoted as text.
 */
public final class OpenAiErrorToAnthropic {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_QUOTED = 500;

    private OpenAiErrorToAnthropic() {
    }

    public static byte[] body(int status, byte[] backendBody) {
        ObjectNode root = JSON.createObjectNode().put("type", "error");
        root.putObject("error").put("type", type(status)).put("message", message(status, backendBody));
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Anthropic's error type for an HTTP status (its API reference's table; 503 and 529 are overloaded_error). */
    public static String type(int status) {
        return switch (status) {
            case 400, 405, 409, 415, 422 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 503, 529 -> "overloaded_error";
            default -> "api_error";
        };
    }

    private static String message(int status, byte[] body) {
        JsonNode tree = null;
        try {
            tree = JSON.readTree(body);
        } catch (IOException notJson) {
            // quoted as text below
        }
        if (tree != null && tree.isObject()) {
            JsonNode error = tree.get("error");
            if (error != null && error.isObject() && error.path("message").isTextual()) {
                return error.get("message").asText();
            }
            if (error != null && error.isTextual()) {
                return error.asText();
            }
            if (tree.path("message").isTextual()) {
                return tree.get("message").asText();
            }
            if (tree.path("detail").isTextual()) {
                return tree.get("detail").asText();
            }
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return "The backend answered HTTP " + status + " with no message.";
        }
        return text.length() > MAX_QUOTED ? text.substring(0, MAX_QUOTED) + "…" : text;
    }
}
