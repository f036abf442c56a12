package dev.aistack.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aistack.http.JsonBody;
import dev.aistack.upstream.JsonBytes;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Streams only report token usage when the client asks ({@code stream_options.include_usage}); the gateway needs it
 * for every request, so it asks on the client's behalf and then hides the answer (see UsageTap).
 */
final class UsageRequest {
    /** The bytes to forward, and whether the gateway added the usage request (so its result must be stripped). */
    record Prepared(byte[] body, boolean added) {
    }

    private UsageRequest() {
    }

    static Prepared prepare(JsonBody body) {
        JsonNode tree = body.tree();
        boolean streaming = tree.path("stream").asBoolean(false);
        boolean clientAsked = tree.path("stream_options").path("include_usage").asBoolean(false);
        if (!streaming || clientAsked) {
            return new Prepared(body.bytes(), false);
        }
        try {
            // Appended last: Go's decoder keeps the last duplicate key, so this wins over a client's own stream_options.
            return new Prepared(JsonBytes.appendField(body.bytes(), "stream_options", "{\"include_usage\":true}"), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // unreachable: the body was parsed as an object already
        }
    }
}
