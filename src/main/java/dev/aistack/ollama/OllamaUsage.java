package dev.aistack.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aistack.inference.Endpoint;
import dev.aistack.openai.UsageTap;
import dev.aistack.usage.Usage;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * Token usage of an Ollama-route request, read from what the backend sent: an Ollama node's NDJSON lines (the done
 * line's prompt_eval_count and eval_count; content lines counted until then) or native body; an OpenAI-kind node's
 * SSE events or body, read as on /v1 (its answer is translated afterwards, so nothing is hidden here).
 */
final class OllamaUsage implements Endpoint.UsageCounter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Consumer<Usage> progress;
    private final UsageTap openAi;
    private Usage reported;
    private long chunks;
    private boolean sawOpenAi;

    OllamaUsage(Consumer<Usage> progress) {
        this.progress = progress;
        this.openAi = new UsageTap(false, progress);
    }

    @Override
    public Usage usage() {
        if (sawOpenAi) {
            return openAi.usage();
        }
        return reported != null ? reported : new Usage(0, chunks, false);
    }

    @Override
    public byte[] event(byte[] event) {
        if (event.length > 0 && event[0] != '{') {
            sawOpenAi = true; // SSE ("data: ..."): an OpenAI-kind node
            return openAi.event(event);
        }
        JsonNode line = parse(event);
        if (line == null) {
            return event;
        }
        if (line.path("done").asBoolean(false)) {
            read(line);
        } else if (!line.path("message").path("content").asText(line.path("response").asText("")).isEmpty()
                || line.path("message").has("tool_calls")) {
            chunks++;
            progress.accept(usage());
        }
        return event;
    }

    @Override
    public void body(byte[] body) {
        JsonNode tree = parse(body);
        if (tree == null) {
            return;
        }
        if (tree.has("usage") || tree.has("choices") || tree.path("object").asText().equals("list")) {
            sawOpenAi = true;
            openAi.body(body);
        } else if (tree.has("prompt_eval_count") || tree.has("eval_count")) {
            read(tree);
        }
    }

    private void read(JsonNode n) {
        reported = new Usage(n.path("prompt_eval_count").asLong(), n.path("eval_count").asLong(), true);
    }

    private static JsonNode parse(byte[] b) {
        try {
            return b.length == 0 ? null : JSON.readTree(b);
        } catch (IOException e) {
            return null;
        }
    }
}
