package dev.aistack.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aistack.config.NodeConfig;
import dev.aistack.errors.GatewayException;
import dev.aistack.generated.api.CatalogService;
import dev.aistack.routing.ModelCatalog;
import dev.aistack.routing.Node;
import dev.aistack.upstream.Backend;
import io.helidon.http.HttpMediaTypes;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * GET /v1/info: every model the fleet serves, with its nodes, capabilities and context length. An Ollama node is
 * asked (/api/show, remembered for a minute); an openai node's come from its configuration.
 */
public final class ModelInfo implements CatalogService {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long REMEMBER_NANOS = 60_000_000_000L;

    private record Remembered(Backend.ModelTraits traits, long atNanos) {
    }

    private final ModelCatalog catalog;
    private final Map<String, Remembered> described = new ConcurrentHashMap<>();

    public ModelInfo(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public void getModelCatalog(ServerRequest req, ServerResponse res) {
        ObjectNode list = JSON.createObjectNode();
        list.put("object", "list");
        ArrayNode data = list.putArray("data");
        for (ModelCatalog.Entry m : catalog.list().entries()) {
            Set<String> capabilities = new TreeSet<>();
            Integer context = null;
            ArrayNode nodes = JSON.createArrayNode();
            for (Node n : m.nodes()) {
                nodes.add(n.name());
                Backend.ModelTraits t = traits(n, n.nodeModel(m.id()));
                capabilities.addAll(t.capabilities());
                context = context != null ? context : t.contextLength();
            }
            ObjectNode entry = data.addObject();
            entry.put("id", m.id());
            entry.set("nodes", nodes);
            ArrayNode caps = entry.putArray("capabilities");
            capabilities.forEach(caps::add);
            if (context == null) {
                entry.putNull("context_length");
            } else {
                entry.put("context_length", context);
            }
            entry.put("fallback", m.fallbackOnly());
        }
        res.headers().contentType(HttpMediaTypes.JSON_UTF_8);
        res.send(list.toString());
    }

    private Backend.ModelTraits traits(Node n, String model) {
        if (n.config().kind() == NodeConfig.Kind.OPENAI) {
            Set<String> caps = new TreeSet<>();
            n.config().capabilities().getOrDefault(model, Set.of()).forEach(c -> caps.add(c.yamlName()));
            return new Backend.ModelTraits(caps, n.config().contextLength().get(model));
        }
        String key = n.name() + "\u0000" + model;
        Remembered r = described.get(key);
        if (r != null && System.nanoTime() - r.atNanos() < REMEMBER_NANOS) {
            return r.traits();
        }
        try {
            Backend.ModelTraits t = n.backend().kind().describe(model);
            described.put(key, new Remembered(t, System.nanoTime()));
            return t;
        } catch (GatewayException unreachable) {
            return Backend.ModelTraits.UNKNOWN;
        }
    }
}
