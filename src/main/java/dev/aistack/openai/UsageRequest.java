package dev.aistack.openai;

import dev.aistack.inference.Endpoint;
import dev.aistack.inference.RequestFields;
import dev.aistack.upstream.JsonBytes;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Streams only report token usage when the client asks ({@code stream_options.include_usage}); the gateway needs it
 * for every request, so it asks on the client's behalf and then hides the answer (see UsageTap).
 */
final class UsageRequest {
    private UsageRequest() {
    }

    static Endpoint.Prepared prepare(byte[] body, RequestFields fields) {
        if (!fields.stream() || fields.includeUsage()) {
            return new Endpoint.Prepared(body, false);
        }
        try {
            // Appended last: Go's decoder keeps the last duplicate key, so this wins over a client's own stream_options.
            return new Endpoint.Prepared(JsonBytes.appendField(body, "stream_options", "{\"include_usage\":true}"),
                    true);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // unreachable: the body was read as an object already
        }
    }
}
