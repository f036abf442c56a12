package dev.aistack.openai;

import dev.aistack.inference.Endpoint;
import dev.aistack.inference.RequestFields;
import dev.aistack.usage.Usage;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** The OpenAI inference routes, as the shared path needs to know them: usage requests and stream end markers. */
enum OpenAiEndpoint implements Endpoint {
    /** Chat and completions streams report usage only on request, and end with {@code data: [DONE]}. */
    CHAT(true, OpenAiEndpoint::isDone),
    COMPLETIONS(true, OpenAiEndpoint::isDone),
    /** Responses streams always end with response.completed, which carries usage; there is no [DONE]. */
    RESPONSES(false, OpenAiEndpoint::isResponseCompleted),
    EMBEDDINGS(false, event -> true);

    private static final byte[] DONE = "data: [DONE]".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COMPLETED = "event: response.completed".getBytes(StandardCharsets.US_ASCII);

    private final boolean asksForStreamUsage;
    private final Predicate<byte[]> streamEnd;

    OpenAiEndpoint(boolean asksForStreamUsage, Predicate<byte[]> streamEnd) {
        this.asksForStreamUsage = asksForStreamUsage;
        this.streamEnd = streamEnd;
    }

    @Override
    public Prepared prepare(byte[] body, RequestFields fields, dev.aistack.upstream.Backend backend) {
        return asksForStreamUsage ? UsageRequest.prepare(body, fields) : new Prepared(body, false);
    }

    @Override
    public UsageCounter usageCounter(boolean stripAddedUsage, Consumer<Usage> progress) {
        return new UsageTap(stripAddedUsage, progress);
    }

    @Override
    public Predicate<byte[]> streamEnd() {
        return streamEnd;
    }

    private static boolean isDone(byte[] event) {
        return startsWith(event, DONE);
    }

    /** Ollama (and OpenAI) name the event; a data line alone with that type counts too. */
    private static boolean isResponseCompleted(byte[] event) {
        return startsWith(event, COMPLETED)
                || new String(event, StandardCharsets.UTF_8).contains("\"type\":\"response.completed\"");
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
