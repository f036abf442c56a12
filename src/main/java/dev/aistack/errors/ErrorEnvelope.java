package dev.aistack.errors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;

/** The bytes of a gateway error body: a superset of OpenAI's error object, so every OpenAI SDK reads it. */
public final class ErrorEnvelope {
    public static final String PROVIDER = "aistack";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorEnvelope() {
    }

    public static byte[] bytes(ErrorCode code, String message, String param) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", message);
        error.put("type", code.type());
        if (param == null) {
            error.putNull("param");
        } else {
            error.put("param", param);
        }
        error.put("code", code.code());
        error.put("kind", code.kind());
        error.put("provider", PROVIDER);
        error.put("doc_url", docUrl(code));
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Where the code is explained: its anchor on the gateway's own /errors page (relative: any host, any proxy). */
    public static String docUrl(ErrorCode code) {
        return "/errors#" + code.code();
    }

    public static byte[] bytes(GatewayException e) {
        return bytes(e.code(), e.getMessage(), e.param());
    }
}
