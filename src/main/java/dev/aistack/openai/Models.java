package dev.aistack.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aistack.errors.ErrorCode;
import dev.aistack.errors.GatewayException;
import dev.aistack.generated.api.ModelsService;
import dev.aistack.routing.Router;
import dev.aistack.upstream.Backend;
import io.helidon.http.HttpMediaTypes;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.List;

/**
 * GET /v1/models: the models the backends have (Ollama: /api/tags) in OpenAI's list shape. A node that is down is
 * left out and the list still answers 200, so clients that list models at start-up keep working.
 */
public final class Models implements ModelsService {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Router router;

    public Models(Router router) {
        this.router = router;
    }

    @Override
    public void listModels(ServerRequest req, ServerResponse res) {
        ObjectNode list = JSON.createObjectNode();
        list.put("object", "list");
        ArrayNode data = list.putArray("data");
        for (Backend b : router.backends()) {
            for (Backend.DiscoveredModel m : reachableModels(b)) {
                data.add(entry(m));
            }
        }
        res.headers().contentType(HttpMediaTypes.JSON_UTF_8);
        res.send(list.toString());
    }

    /** GET /v1/models/{model}: one entry of the list, or OpenAI's 404 for a model Ollama does not have. */
    @Override
    public void retrieveModel(ServerRequest req, ServerResponse res) {
        String wanted = req.path().pathParameters().get("model");
        // A node that is down: 503 backend_unreachable, not a false 404.
        for (Backend.DiscoveredModel m : router.choose(wanted).kind().models()) {
            String name = m.name();
            // Ollama's rule: a name without a tag means ":latest"; names compare case-insensitively.
            if (name.equalsIgnoreCase(wanted) || name.equalsIgnoreCase(wanted + ":latest")) {
                res.headers().contentType(HttpMediaTypes.JSON_UTF_8);
                res.send(entry(m).toString());
                return;
            }
        }
        throw new GatewayException(ErrorCode.MODEL_NOT_FOUND, "The model '" + wanted + "' does not exist", "model");
    }

    private static ObjectNode entry(Backend.DiscoveredModel m) {
        ObjectNode entry = JSON.createObjectNode();
        entry.put("id", m.name());
        entry.put("object", "model");
        entry.put("created", m.modifiedEpochSeconds());
        entry.put("owned_by", "ollama");
        entry.putArray("capabilities").add("llm");
        return entry;
    }

    private static List<Backend.DiscoveredModel> reachableModels(Backend b) {
        try {
            return b.kind().models();
        } catch (GatewayException unreachable) {
            return List.of();
        }
    }
}
