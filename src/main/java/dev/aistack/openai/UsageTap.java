package dev.aistack.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aistack.upstream.JsonBytes;
import dev.aistack.usage.Usage;
import dev.aistack.inference.Endpoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Learns a request's token usage from what is relayed: the usage object of a body or of a stream's usage chunk
 * (OpenAI chat/completions style) or of {@code response.completed} (Responses API). When the gateway itself asked
 * for usage ({@code stripAddedUsage}), the extra usage chunk is dropped and per-chunk usage removed, so the client
 * receives the bytes it would have received without the gateway.
 */
public final class UsageTap implements Endpoint.UsageCounter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);

    private final boolean stripAddedUsage;
    private final Consumer<Usage> progress;
    private Usage reported;
    private long chunks;

    /** {@code progress} hears the running count after each content chunk (task heartbeats show tokens so far). */
    public UsageTap(boolean stripAddedUsage, Consumer<Usage> progress) {
        this.stripAddedUsage = stripAddedUsage;
        this.progress = progress;
    }

    @Override
    public Usage usage() {
        return reported != null ? reported : new Usage(0, chunks, false);
    }

    @Override
    public void body(byte[] body) {
        JsonNode tree = parse(body, 0, body.length);
        if (tree != null) {
            read(tree.get("usage"));
        }
    }

    @Override
    public byte[] event(byte[] event) {
        int start = dataStart(event);
        if (start < 0) {
            return event;
        }
        int end = lineEnd(event, start);
        JsonNode chunk = parse(event, start, end);
        if (chunk == null || !chunk.isObject()) {
            return event; // [DONE] and anything else that is not a JSON object passes untouched
        }
        if ("response.completed".equals(chunk.path("type").asText())) {
            read(chunk.path("response").get("usage"));
        }
        if (hasContent(chunk)) {
            chunks++;
            progress.accept(usage());
        }
        JsonNode usage = chunk.get("usage");
        if (usage == null || usage.isNull()) {
            return event;
        }
        boolean usageOnly = chunk.path("choices").isArray() && chunk.path("choices").isEmpty();
        // Ollama's /v1/completions puts zero usage on every chunk when asked: only real figures count.
        if (usageOnly || usage.path("completion_tokens").asLong() > 0 || usage.path("prompt_tokens").asLong() > 0) {
            read(usage);
        }
        if (!stripAddedUsage) {
            return event;
        }
        if (usageOnly) {
            return null;
        }
        return withoutUsage(event, start, end);
    }

    private void read(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return;
        }
        long prompt = usage.has("prompt_tokens") ? usage.path("prompt_tokens").asLong()
                : usage.path("input_tokens").asLong();
        long completion = usage.has("completion_tokens") ? usage.path("completion_tokens").asLong()
                : usage.path("output_tokens").asLong();
        reported = new Usage(prompt, completion, true);
    }

    private static boolean hasContent(JsonNode chunk) {
        if ("response.output_text.delta".equals(chunk.path("type").asText())) {
            return true;
        }
        JsonNode choice = chunk.path("choices").path(0);
        String text = choice.path("delta").path("content").asText(choice.path("text").asText(""));
        return !text.isEmpty() || choice.path("delta").has("tool_calls");
    }

    private static byte[] withoutUsage(byte[] event, int start, int end) {
        try {
            byte[] json = new byte[end - start];
            System.arraycopy(event, start, json, 0, json.length);
            ByteArrayOutputStream out = new ByteArrayOutputStream(event.length);
            out.write(event, 0, start);
            out.writeBytes(JsonBytes.removeField(json, "usage"));
            out.write(event, end, event.length - end);
            return out.toByteArray();
        } catch (IOException e) {
            return event;
        }
    }

    /** Index of the JSON after "data:" (and one optional space) on the event's data line, or -1. */
    private static int dataStart(byte[] event) {
        for (int line = 0; line < event.length; line = lineEnd(event, line) + 1) {
            if (startsWith(event, line, DATA)) {
                int i = line + DATA.length;
                return i < event.length && event[i] == ' ' ? i + 1 : i;
            }
        }
        return -1;
    }

    private static int lineEnd(byte[] b, int from) {
        int i = from;
        while (i < b.length && b[i] != '\n' && b[i] != '\r') {
            i++;
        }
        return i;
    }

    private static boolean startsWith(byte[] b, int at, byte[] prefix) {
        if (at + prefix.length > b.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode parse(byte[] b, int from, int to) {
        if (to <= from || (b[from] != '{' && !Character.isWhitespace(b[from]))) {
            return null;
        }
        try {
            return JSON.readTree(b, from, to - from);
        } catch (IOException e) {
            return null;
        }
    }
}
