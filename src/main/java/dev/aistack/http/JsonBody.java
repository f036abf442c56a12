package dev.aistack.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aistack.errors.ErrorCode;
import dev.aistack.errors.GatewayException;
import io.helidon.http.HttpMediaType;
import io.helidon.webserver.http.ServerRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * A JSON request body: the exact bytes (what is forwarded) and a tree of them (what the gateway reads).
 * Size, media type and syntax are checked here, so nothing malformed ever reaches the backend.
 */
public record JsonBody(byte[] bytes, JsonNode tree) {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    public static JsonBody read(ServerRequest req, long maxBytes) {
        checkMediaType(req);
        byte[] bytes = RawBody.read(req, maxBytes);
        JsonNode tree;
        try {
            tree = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new GatewayException(ErrorCode.INVALID_JSON, "The request body is not valid JSON: "
                    + e.getOriginalMessage() + " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ").");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (tree == null || tree.isMissingNode()) {
            throw new GatewayException(ErrorCode.INVALID_JSON, "The request body is empty; send a JSON object.");
        }
        if (!tree.isObject()) {
            throw new GatewayException(ErrorCode.INVALID_REQUEST, "The request body must be a JSON object, not "
                    + tree.getNodeType().name().toLowerCase(Locale.ROOT) + ".");
        }
        return new JsonBody(bytes, tree);
    }

    /** A string field, or null when absent; a non-string value is a client error naming the field. */
    public String optionalString(String field) {
        JsonNode v = tree.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new GatewayException(ErrorCode.INVALID_REQUEST, "'" + field + "' must be a string.", field);
        }
        return v.asText();
    }

    private static void checkMediaType(ServerRequest req) {
        // No Content-Type is accepted (as Ollama does); a declared non-JSON type is a client mistake worth naming.
        req.headers().contentType().map(HttpMediaType::mediaType).ifPresent(type -> {
            String subtype = type.subtype().toLowerCase(Locale.ROOT);
            boolean json = type.type().equalsIgnoreCase("application")
                    && (subtype.equals("json") || subtype.endsWith("+json"));
            if (!json) {
                throw new GatewayException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type " + type.text()
                        + " is not supported; send the body as JSON with Content-Type: application/json.");
            }
        });
    }
}
