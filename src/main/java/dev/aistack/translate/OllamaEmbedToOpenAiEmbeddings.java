package dev.aistack.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Ollama's /api/embed ({@code input}) and older /api/embeddings ({@code prompt}) as an OpenAI embeddings request. */
public final class OllamaEmbedToOpenAiEmbeddings {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OllamaEmbedToOpenAiEmbeddings() {
    }

    public static ObjectNode embed(JsonNode ollama) {
        ObjectNode out = JSON.createObjectNode();
        out.set("model", ollama.get("model"));
        JsonNode input = ollama.get("input");
        out.set("input", input == null || input.isNull() ? JSON.getNodeFactory().textNode("") : input);
        if (ollama.hasNonNull("dimensions")) {
            out.set("dimensions", ollama.get("dimensions"));
        }
        return out;
    }

    public static ObjectNode embeddings(JsonNode ollama) {
        ObjectNode out = JSON.createObjectNode();
        out.set("model", ollama.get("model"));
        out.put("input", ollama.path("prompt").asText(""));
        return out;
    }
}
