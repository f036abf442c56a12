package dev.aistack.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Newline-delimited JSON (Ollama's native streams): each event is one line, ending with "\n". */
public final class NdjsonFramer extends Framer {
    private static final ObjectMapper JSON = new ObjectMapper();

    public NdjsonFramer(InputStream in) {
        super(in);
    }

    @Override
    protected int boundary(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i + 1;
            }
        }
        return -1;
    }

    /**
     * Ollama's own in-stream error form: a line {@code {"error":"<message>"}}, which Ollama clients raise as the
     * message (they read "error" as a string); the catalog code rides along, as on every /api error.
     */
    @Override
    public byte[] errorEvent(byte[] envelopeJson) {
        byte[] line = envelopeJson;
        try {
            JsonNode error = JSON.readTree(envelopeJson).path("error");
            if (error.path("message").isTextual()) {
                ObjectNode ollama = JSON.createObjectNode().put("error", error.path("message").asText());
                if (error.path("code").isTextual()) {
                    ollama.put("code", error.path("code").asText());
                }
                line = ollama.toString().getBytes(StandardCharsets.UTF_8);
            }
        } catch (IOException notAnEnvelope) {
            // sent as it is
        }
        return concat(new byte[0], line, "\n");
    }

    @Override
    protected int lookBehind() {
        return 0;
    }
}
