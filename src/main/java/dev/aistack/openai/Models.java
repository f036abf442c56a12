package dev.aistack.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aistack.errors.ErrorCode;
import dev.aistack.errors.GatewayException;
import dev.aistack.generated.api.ModelsService;
import dev.aistack.upstream.OllamaClient;
import io.helidon.http.HttpMediaTypes;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * GET /v1/models: the models Ollama has (from /api/tags) in OpenAI's list shape. When Ollama is down its entries
 * are left out and the list still answers 200, so clients that list models at start-up keep working.
 */
public final class Models implements ModelsService {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OllamaClient ollama;

    public Models(OllamaClient ollama) {
        this.ollama = ollama;
    }

    @Override
    public void listModels(ServerRequest req, ServerResponse res) {
        ObjectNode list = JSON.createObjectNode();
        list.put("object", "list");
        ArrayNode data = list.putArray("data");
        for (JsonNode m : ollamaModels()) {
            data.add(entry(m));
        }
        res.headers().contentType(HttpMediaTypes.JSON_UTF_8);
        res.send(list.toString());
    }

    /** GET /v1/models/{model}: one entry of the list, or OpenAI's 404 for a model Ollama does not have. */
    @Override
    public void retrieveModel(ServerRequest req, ServerResponse res) {
        String wanted = req.path().pathParameters().get("model");
        for (JsonNode m : ollama.tags().path("models")) { // Ollama down: 503 backend_unreachable, not a false 404
            String name = m.path("name").asText();
            // Ollama's rule: a name without a tag means ":latest"; names compare case-insensitively.
            if (name.equalsIgnoreCase(wanted) || name.equalsIgnoreCase(wanted + ":latest")) {
                res.headers().contentType(HttpMediaTypes.JSON_UTF_8);
                res.send(entry(m).toString());
                return;
            }
        }
        throw new GatewayException(ErrorCode.MODEL_NOT_FOUND, "The model '" + wanted + "' does not exist", "model");
    }

    private static ObjectNode entry(JsonNode m) {
        ObjectNode entry = JSON.createObjectNode();
        entry.put("id", m.path("name").asText(m.path("model").asText()));
        entry.put("object", "model");
        entry.put("created", epochSeconds(m.path("modified_at").asText()));
        entry.put("owned_by", "ollama");
        entry.putArray("capabilities").add("llm");
        return entry;
    }

    private Iterable<JsonNode> ollamaModels() {
        try {
            return ollama.tags().path("models");
        } catch (GatewayException unreachable) {
            return JSON.createArrayNode();
        }
    }

    private static long epochSeconds(String rfc3339) {
        try {
            return OffsetDateTime.parse(rfc3339).toEpochSecond();
        } catch (DateTimeParseException e) {
            return 0;
        }
    }
}
