package dev.aistack.observe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aistack.errors.GatewayException;
import dev.aistack.generated.api.OperationsService;
import dev.aistack.store.StateStore;
import dev.aistack.store.StateStoreException;
import dev.aistack.routing.Node;
import dev.aistack.routing.Router;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.aistack.upstream.Backend;
import io.helidon.http.HttpMediaType;
import io.helidon.http.HttpMediaTypes;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.List;
import java.util.function.BooleanSupplier;

/** Probes and metrics: /healthz, /livez, /readyz, /metrics (route table: OperationsService). */
public final class Operations implements OperationsService {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpMediaType PROMETHEUS = HttpMediaType.create("text/plain; version=0.0.4; charset=utf-8");

    private final Router router;
    private final StateStore store;
    private final GatewayMetrics metrics;
    private final BooleanSupplier draining;

    public Operations(Router router, StateStore store, GatewayMetrics metrics, BooleanSupplier draining) {
        this.router = router;
        this.store = store;
        this.metrics = metrics;
        this.draining = draining;
    }

    @Override
    public void healthz(ServerRequest req, ServerResponse res) {
        sendJson(res, Status.OK_200, JSON.createObjectNode().put("status", "ok"));
    }

    @Override
    public void livez(ServerRequest req, ServerResponse res) {
        sendJson(res, Status.OK_200, JSON.createObjectNode().put("status", "ok"));
    }

    /**
     * Ready when a non-fallback node answers and its breaker is not open (and the gateway is not shutting down).
     * Every node is asked now, all at once; each check shows its status, latency, models, calls in flight, slots.
     */
    @Override
    public void readyz(ServerRequest req, ServerResponse res) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode checks = body.putObject("checks");
        boolean up = false;
        List<Node> nodes = router.nodes();
        List<ObjectNode> found = new java.util.ArrayList<>();
        try (var each = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<ObjectNode>> asked = nodes.stream().map(n -> each.submit(() -> check(n)))
                    .toList();
            for (java.util.concurrent.Future<ObjectNode> f : asked) {
                found.add(f.get());
            }
        } catch (java.util.concurrent.ExecutionException | InterruptedException e) {
            throw new IllegalStateException("a readiness check failed", e);
        }
        for (int i = 0; i < nodes.size(); i++) {
            ObjectNode check = found.get(i);
            checks.set(nodes.get(i).name(), check);
            up |= "up".equals(check.path("status").asText()) && !nodes.get(i).config().fallback();
        }
        // The state store only holds task status: when it is down requests are still served, so it degrades, not fails.
        ObjectNode storeCheck = checks.putObject("state_store");
        storeCheck.put("kind", store.kind());
        try {
            store.ping();
            storeCheck.put("status", "up");
        } catch (StateStoreException e) {
            storeCheck.put("status", "degraded");
            storeCheck.put("error", String.valueOf(e.getMessage()));
        }
        boolean ready = up && !draining.getAsBoolean();
        body.put("status", ready ? "ready" : "not_ready");
        if (draining.getAsBoolean()) {
            checks.putObject("gateway").put("status", "shutting_down");
        }
        sendJson(res, ready ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503, body);
    }

    /** Asks one node now; its check: url, kind, status (up, down, open breaker), latency, models, load. */
    private static ObjectNode check(Node n) {
        ObjectNode check = JSON.createObjectNode();
        Backend b = n.backend();
        check.put("url", b.client().baseUrl());
        check.put("kind", n.config().kind().yamlName());
        long start = System.nanoTime();
        boolean up;
        try {
            b.kind().probe();
            up = true;
        } catch (GatewayException e) {
            up = false;
            check.put("error", e.getMessage());
        }
        double millis = Math.round((System.nanoTime() - start) / 10_000.0) / 100.0;
        check.put("latency_ms", millis);
        boolean open = n.breaker().getState() == io.github.resilience4j.circuitbreaker.CircuitBreaker.State.OPEN;
        check.put("status", !up ? "down" : open ? "open breaker" : "up");
        ArrayNode models = check.putArray("models");
        n.models().forEach(models::add);
        check.put("in_flight", b.slots().inUse());
        check.put("gpu_slots", b.slots().capacity());
        if (n.config().fallback()) {
            check.put("fallback", true);
        }
        return check;
    }

    @Override
    public void metrics(ServerRequest req, ServerResponse res) {
        res.headers().contentType(PROMETHEUS);
        res.send(metrics.prometheusText());
    }

    private static void sendJson(ServerResponse res, Status status, ObjectNode body) {
        res.status(status);
        res.headers().contentType(HttpMediaTypes.JSON_UTF_8);
        res.send(body.toString());
    }
}
