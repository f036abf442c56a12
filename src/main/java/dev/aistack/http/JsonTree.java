package dev.aistack.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aistack.errors.ErrorCode;
import dev.aistack.errors.GatewayException;
import io.helidon.webserver.http.ServerRequest;

import java.io.IOException;

/**
 * A small JSON request body the gateway reads whole (the admin API's): one object, bounded in size and depth.
 * Inference bodies are never read this way (see inference/RequestFields).
 */
public final class JsonTree {
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build()).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonTree() {
    }

    public static JsonNode readObject(ServerRequest req, long maxBytes) {
        return parseObject(RawBody.readJson(req, maxBytes));
    }

    /** A body already read (and maybe forwarded as it is): one object, bounded in depth; else a catalog 400. */
    public static JsonNode parseObject(byte[] bytes) {
        JsonNode tree;
        try {
            tree = JSON.readTree(bytes);
        } catch (StreamConstraintsException e) {
            throw new GatewayException(ErrorCode.INVALID_JSON, "The request body nests JSON too deeply.");
        } catch (JsonProcessingException e) {
            throw new GatewayException(ErrorCode.INVALID_JSON, "The request body is not valid JSON: "
                    + e.getOriginalMessage() + ".");
        } catch (IOException e) {
            throw new IllegalStateException(e); // reading a byte array does no I/O
        }
        if (tree == null || tree.isMissingNode()) {
            throw new GatewayException(ErrorCode.INVALID_JSON, "The request body is empty; send a JSON object.");
        }
        if (!tree.isObject()) {
            throw new GatewayException(ErrorCode.INVALID_REQUEST, "The request body must be a JSON object.");
        }
        return tree;
    }
}
