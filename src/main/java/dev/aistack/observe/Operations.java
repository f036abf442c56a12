package dev.aistack.observe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aistack.errors.GatewayException;
import dev.aistack.generated.api.OperationsService;
import dev.aistack.store.StateStore;
import dev.aistack.store.StateStoreException;
import dev.aistack.routing.Router;
import dev.aistack.upstream.Backend;
import io.helidon.http.HttpMediaType;
import io.helidon.http.HttpMediaTypes;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

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

    /** Ready when a backend answers (and the gateway is not shutting down); the measured latency is in the body. */
    @Override
    public void readyz(ServerRequest req, ServerResponse res) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode checks = body.putObject("checks");
        boolean up = false;
        for (Backend b : router.backends()) {
            up |= check(b, checks.putObject(b.name()));
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

    /** Probes one node into its check object; true when it answered. */
    private static boolean check(Backend b, ObjectNode check) {
        check.put("url", b.client().baseUrl());
        long start = System.nanoTime();
        boolean up;
        try {
            b.kind().probe();
            up = true;
        } catch (GatewayException e) {
            up = false;
            check.put("error", e.getMessage());
        }
        check.put("latency_ms", Math.round((System.nanoTime() - start) / 10_000.0) / 100.0);
        check.put("status", up ? "up" : "down");
        return up;
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
