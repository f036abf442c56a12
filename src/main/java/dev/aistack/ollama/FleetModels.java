package dev.aistack.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aistack.access.Caller;
import dev.aistack.access.Gate;
import dev.aistack.errors.ErrorCode;
import dev.aistack.errors.GatewayException;
import dev.aistack.http.JsonTree;
import dev.aistack.http.RawBody;
import dev.aistack.inference.Endpoint;
import dev.aistack.inference.Forwarder;
import dev.aistack.routing.Router;
import dev.aistack.tasks.Progress;
import dev.aistack.upstream.Backend;
import io.helidon.http.HttpMediaType;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the fleet serves, in Ollama's shapes: /api/tags and /api/ps (every node's models, each name once, after the
 * key's model binding) and /api/show (forwarded to the Ollama node that serves the model; a minimal answer for an
 * OpenAI-kind node). A node that is down is left out of the lists, as /v1/models does.
 */
final class FleetModels {
    static final HttpMediaType NATIVE_JSON = HttpMediaType.create("application/json; charset=utf-8");
    private static final ObjectMapper JSON = new ObjectMapper();
    // Ollama shows a model kept "forever" as expiring MaxInt64 nanoseconds from now; an OpenAI-kind node never unloads.
    private static final long FOREVER_NANOS = Long.MAX_VALUE;

    private final Router router;
    private final Forwarder forwarder;
    private final Gate gate;
    private final long maxBodyBytes;

    FleetModels(Router router, Forwarder forwarder, Gate gate, long maxBodyBytes) {
        this.router = router;
        this.forwarder = forwarder;
        this.gate = gate;
        this.maxBodyBytes = maxBodyBytes;
    }

    void tags(ServerRequest req, ServerResponse res) {
        list(req, res, "/api/tags", false);
    }

    void ps(ServerRequest req, ServerResponse res) {
        list(req, res, "/api/ps", true);
    }

    private void list(ServerRequest req, ServerResponse res, String nativePath, boolean loaded) {
        String bound = boundModel(req);
        ObjectNode out = JSON.createObjectNode();
        ArrayNode models = out.putArray("models");
        Set<String> seen = new HashSet<>();
        for (Backend b : router.backends()) {
            for (JsonNode m : entries(b, nativePath, loaded)) {
                String name = m.path("name").asText();
                if ((bound == null || sameModel(name, bound)) && seen.add(name.toLowerCase(Locale.ROOT))) {
                    models.add(m);
                }
            }
        }
        res.headers().contentType(NATIVE_JSON);
        res.send(out.toString());
    }

    /** A node's entries: an Ollama node's own (every field kept), an OpenAI-kind node's /v1/models as minimal ones. */
    private static List<JsonNode> entries(Backend b, String nativePath, boolean loaded) {
        try {
            if (b.kind().protocol() == Backend.Protocol.OLLAMA) {
                List<JsonNode> out = new java.util.ArrayList<>();
                b.client().getJson(nativePath).path("models").forEach(out::add);
                return out;
            }
            return b.kind().models().stream().map(m -> (JsonNode) minimalEntry(m, loaded)).toList();
        } catch (GatewayException unreachable) {
            return List.of();
        }
    }

    private static ObjectNode minimalEntry(Backend.DiscoveredModel m, boolean loaded) {
        ObjectNode e = JSON.createObjectNode();
        e.put("name", m.name());
        e.put("model", m.name());
        if (!loaded && m.modifiedEpochSeconds() > 0) {
            e.put("modified_at", Instant.ofEpochSecond(m.modifiedEpochSeconds()).toString());
        }
        e.put("size", 0);
        e.put("digest", "");
        e.set("details", details());
        if (loaded) {
            e.put("expires_at", Instant.now().plusNanos(FOREVER_NANOS).toString());
            e.put("size_vram", 0);
        }
        return e;
    }

    private static ObjectNode details() {
        ObjectNode d = JSON.createObjectNode();
        d.put("parent_model", "");
        d.put("format", "");
        d.put("family", "");
        d.putNull("families");
        d.put("parameter_size", "");
        d.put("quantization_level", "");
        return d;
    }

    /** POST /api/show {"model"} (or the older "name"). */
    void show(ServerRequest req, ServerResponse res) {
        byte[] body = RawBody.readJson(req, maxBodyBytes);
        JsonNode tree = JsonTree.parseObject(body); // the gateway's one bounded reader, not a second unbounded one
        String model = tree.path("model").asText(tree.path("name").asText(""));
        if (model.isBlank()) {
            throw new GatewayException(ErrorCode.INVALID_REQUEST, "model is required", "model");
        }
        String bound = boundModel(req);
        if (bound != null && !sameModel(model, bound)) {
            throw notFound(model);
        }
        Backend backend = router.candidates(model, null).get(0).backend();
        if (backend.kind().protocol() == Backend.Protocol.OLLAMA) {
            forwarder.forward(req, res, backend, new Forwarder.Call(body, "/api/show", model, null,
                    Endpoint.UsageCounter.none(), null, null, false), Progress.NONE, false);
            return;
        }
        if (backend.kind().models().stream().noneMatch(m -> sameModel(m.name(), model))) {
            throw notFound(model);
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("modelfile", "");
        out.put("parameters", "");
        out.put("template", "");
        out.set("details", details());
        out.putObject("model_info");
        out.putArray("capabilities").add("completion");
        res.headers().contentType(NATIVE_JSON);
        res.send(out.toString());
    }

    /** The model the calling key is bound to, or null (open mode, static keys, unbound keys). */
    private String boundModel(ServerRequest req) {
        return gate.identify(req).map(Caller::key).map(k -> k.policy().model()).orElse(null);
    }

    /** Ollama's rule: a name without a tag means ":latest"; names compare case-insensitively. */
    static boolean sameModel(String name, String wanted) {
        return name.equalsIgnoreCase(wanted) || name.equalsIgnoreCase(wanted + ":latest")
                || wanted.equalsIgnoreCase(name + ":latest");
    }

    private static GatewayException notFound(String model) {
        return new GatewayException(ErrorCode.MODEL_NOT_FOUND, "model '" + model + "' not found", "model");
    }
}
