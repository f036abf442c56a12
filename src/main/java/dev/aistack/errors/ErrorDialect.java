package dev.aistack.errors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;

/**
 * The shape a gateway error takes for the protocol a client speaks: OpenAI's envelope (the catalog's own, a superset
 * of OpenAI's), Ollama's {@code {"error": "<message>"}} (Ollama clients read that one string), or Anthropic's
 * {@code {"type":"error","error":{"type","message"}}}. Each keeps the catalog code, so the cause stays findable.
 */
public enum ErrorDialect {
    OPENAI, OLLAMA, ANTHROPIC;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The dialect of a request path: Ollama's native API under /api, Anthropic's Messages API, else OpenAI's. */
    public static ErrorDialect forPath(String path) {
        if (path.startsWith("/api/") || path.equals("/api")) {
            return OLLAMA;
        }
        if (path.equals("/v1/messages") || path.startsWith("/v1/messages/")) {
            return ANTHROPIC;
        }
        return OPENAI;
    }

    public byte[] bytes(ErrorCode code, String message, String param) {
        return switch (this) {
            case OPENAI -> ErrorEnvelope.bytes(code, message, param);
            case OLLAMA -> {
                ObjectNode root = JSON.createObjectNode();
                root.put("error", message);
                root.put("code", code.code());
                yield utf8(root);
            }
            case ANTHROPIC -> {
                ObjectNode root = JSON.createObjectNode();
                root.put("type", "error");
                ObjectNode error = root.putObject("error");
                error.put("type", anthropicType(code));
                error.put("message", message);
                error.put("code", code.code());
                yield utf8(root);
            }
        };
    }

    public byte[] bytes(GatewayException e) {
        return bytes(e.code(), e.getMessage(), e.param());
    }

    /**
     * Anthropic's error types by what the catalog says; gpu_busy (503) is overloaded_error, which the Anthropic SDKs
     * retry, as they do Anthropic's own 529.
     */
    public static String anthropicType(ErrorCode code) {
        return switch (code.status()) {
            case 400, 405, 408, 411, 414, 415, 431 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 409 -> "invalid_request_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 503 -> "overloaded_error";
            default -> "api_error";
        };
    }

    private static byte[] utf8(ObjectNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }
}
