package dev.aistack.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aistack.errors.ErrorCode;

import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * Who wrote an error answer: the gateway (its catalog envelope, with the code's own status, and an X-Request-Id) or
 * the backend (FakeOllama's bytes, relayed verbatim). Anything else is a bare answer from a layer that bypassed
 * the catalog, which is the defect {@link RequestFuzzTest} looks for.
 */
final class AnswerShapes {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> OPENAI_ERROR_FIELDS = Set.of("message", "type", "param", "code");

    private AnswerShapes() {
    }

    /** Empty when the answer is the gateway's catalog envelope, complete and consistent; else what is wrong. */
    static Optional<String> catalogProblem(RawExchange.Answer a) {
        JsonNode error = errorObject(a).orElse(null);
        if (error == null || !error.isObject()) {
            return Optional.of("body is not {\"error\":{...}}");
        }
        if (!"aistack".equals(error.path("provider").asText(null))) {
            return Optional.of("error.provider is not \"aistack\"");
        }
        String code = error.path("code").asText(null);
        Optional<ErrorCode> entry = Arrays.stream(ErrorCode.values()).filter(c -> c.code().equals(code)).findFirst();
        if (entry.isEmpty()) {
            return Optional.of("error.code " + code + " is not in the catalog");
        }
        ErrorCode c = entry.get();
        if (c.status() != a.status()) {
            return Optional.of("status " + a.status() + " but the catalog gives " + code + " status " + c.status());
        }
        if (!error.path("message").isTextual() || !c.type().equals(error.path("type").asText(null))
                || !c.kind().equals(error.path("kind").asText(null))
                || !(error.path("param").isTextual() || error.path("param").isNull())) {
            return Optional.of("message/type/kind/param do not match the catalog entry of " + code);
        }
        String requestId = a.header("X-Request-Id");
        if (requestId == null || requestId.isBlank()) {
            return Optional.of("no X-Request-Id header");
        }
        return Optional.empty();
    }

    /** Whether the answer is one FakeOllama writes (OpenAI error without provider, native error, 404 text, 403). */
    static boolean relayedFromBackend(RawExchange.Answer a) {
        if (a.status() == 403 && a.body().length == 0) {
            return true; // Ollama's Host check answers with an empty body
        }
        if (a.status() == 404 && a.text().equals("404 page not found")) {
            return true;
        }
        JsonNode error = errorObject(a).orElse(null);
        if (error == null) {
            return false;
        }
        if (error.isTextual()) {
            return true; // native API: {"error":"..."}
        }
        if (!error.isObject() || error.has("provider")) {
            return false;
        }
        for (Iterator<String> names = error.fieldNames(); names.hasNext(); ) {
            if (!OPENAI_ERROR_FIELDS.contains(names.next())) {
                return false;
            }
        }
        return error.path("message").isTextual() && error.path("type").isTextual();
    }

    private static Optional<JsonNode> errorObject(RawExchange.Answer a) {
        try {
            JsonNode root = JSON.readTree(a.body());
            return root == null || !root.isObject() ? Optional.empty() : Optional.ofNullable(root.get("error"));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
