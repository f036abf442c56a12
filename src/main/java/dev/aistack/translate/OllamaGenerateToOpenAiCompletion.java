package dev.aistack.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A native /api/generate request as an OpenAI text completion request (/v1/completions) for an OpenAI-kind node.
 * The node applies its own prompt template, so {@code system}, {@code template}, {@code raw}, {@code context} and
 * {@code images} have no counterpart and are not sent (docs-site/ollama.md).
 */
public final class OllamaGenerateToOpenAiCompletion {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OllamaGenerateToOpenAiCompletion() {
    }

    public static ObjectNode translate(JsonNode ollama, boolean stream) {
        ObjectNode out = JSON.createObjectNode();
        out.set("model", ollama.get("model"));
        out.put("prompt", ollama.path("prompt").asText(""));
        if (ollama.hasNonNull("suffix")) {
            out.set("suffix", ollama.get("suffix"));
        }
        OllamaOptions.toOpenAi(ollama.get("options"), out);
        OllamaOptions.formatToOpenAi(ollama.get("format"), out);
        out.put("stream", stream);
        if (stream) {
            out.putObject("stream_options").put("include_usage", true);
        }
        return out;
    }
}
