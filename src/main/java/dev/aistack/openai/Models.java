package dev.aistack.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aistack.errors.ErrorCode;
import dev.aistack.errors.GatewayException;
import dev.aistack.generated.api.ModelsService;
import dev.aistack.config.NodeConfig;
import dev.aistack.routing.ModelCatalog;
import dev.aistack.routing.Node;
import io.helidon.http.HttpMediaTypes;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;


/**
 * GET /v1/models: the models the backends have (Ollama: /api/tags) in OpenAI's list shape. A node that is down is
 * left out and the list still answers 200, so clients that list models at start-up keep working.
 */
public final class Models implements ModelsService {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ModelCatalog catalog;

    public Models(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public void listModels(ServerRequest req, ServerResponse res) {
        ObjectNode list = JSON.createObjectNode();
        list.put("object", "list");
        ArrayNode data = list.putArray("data");
        for (ModelCatalog.Entry m : catalog.list().entries()) {
            data.add(entry(m));
        }
        res.headers().contentType(HttpMediaTypes.JSON_UTF_8);
        res.send(list.toString());
    }

    /** GET /v1/models/{model}: one entry of the list, or OpenAI's 404 for a model no node has. */
    @Override
    public void retrieveModel(ServerRequest req, ServerResponse res) {
        String wanted = req.path().pathParameters().get("model");
        ModelCatalog.Listing listing = catalog.list();
        for (ModelCatalog.Entry m : listing.entries()) {
            // Ollama's rule: a name without a tag means ":latest"; names compare case-insensitively.
            if (m.id().equalsIgnoreCase(wanted) || m.id().equalsIgnoreCase(wanted + ":latest")) {
                res.headers().contentType(HttpMediaTypes.JSON_UTF_8);
                res.send(entry(m).toString());
                return;
            }
        }
        if (listing.unreachable() != null) {
            throw listing.unreachable(); // a node that could not be asked: 503, not a false 404
        }
        throw new GatewayException(ErrorCode.MODEL_NOT_FOUND, "The model '" + wanted + "' does not exist", "model");
    }

    private static ObjectNode entry(ModelCatalog.Entry m) {
        ObjectNode entry = JSON.createObjectNode();
        entry.put("id", m.id());
        entry.put("object", "model");
        entry.put("created", m.created());
        Node first = m.nodes().get(0);
        entry.put("owned_by", first.config().kind() == NodeConfig.Kind.OLLAMA ? "ollama" : first.name());
        entry.putArray("capabilities").add("llm");
        return entry;
    }
}
