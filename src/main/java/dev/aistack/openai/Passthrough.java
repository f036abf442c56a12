package dev.aistack.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aistack.http.JsonBody;
import dev.aistack.http.RequestInfo;
import dev.aistack.observe.GatewayMetrics;
import dev.aistack.scheduling.GpuSlots;
import dev.aistack.scheduling.KeepAlivePolicy;
import dev.aistack.upstream.OllamaClient;
import dev.aistack.upstream.Relay;
import io.helidon.http.Method;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The inference path shared by the /v1 routes: GPU slot, byte-for-byte forward, relay, keep_alive, and the slot
 * released on every way out (try-with-resources: success, stream end, disconnect, upstream error, timeout).
 */
public final class Passthrough {
    private final OllamaClient ollama;
    private final GpuSlots slots;
    private final KeepAlivePolicy keepAlive;
    private final GatewayMetrics metrics;

    public Passthrough(OllamaClient ollama, GpuSlots slots, KeepAlivePolicy keepAlive, GatewayMetrics metrics) {
        this.ollama = ollama;
        this.slots = slots;
        this.keepAlive = keepAlive;
        this.metrics = metrics;
    }

    /** Forwards {@code body} to the same path on Ollama; {@code keepAliveValue} is applied after a 2xx answer. */
    public void forward(ServerRequest req, ServerResponse res, JsonBody body, String model, JsonNode keepAliveValue) {
        RequestInfo info = RequestInfo.of(req);
        try (GpuSlots.Slot ignored = slots.acquire()) {
            long sent = System.nanoTime();
            String outcome = "error";
            int status = 0;
            try (HttpClientResponse upstream = ollama.forward(Method.POST, pathAndQuery(req), req.headers(),
                    body.bytes())) {
                status = upstream.status().code();
                Relay.Ending ending = Relay.relay(upstream, res, ollama.baseUrl(),
                        () -> metrics.timeToFirstByte(info.route(), System.nanoTime() - info.startNanos()));
                outcome = switch (ending) {
                    case COMPLETED -> status < 400 ? "ok" : "backend_error";
                    case CLIENT_DISCONNECTED -> "client_disconnected";
                    case UPSTREAM_BROKEN -> "stream_broken";
                };
            } finally {
                long nanos = System.nanoTime() - sent;
                info.upstreamNanos(nanos);
                info.outcome(outcome.equals("ok") ? null : outcome);
                metrics.upstream(info.route(), outcome, nanos);
            }
            if (status >= 200 && status < 300 && model != null && !model.isBlank()) {
                keepAlive.enforce(model, keepAliveValue);
            }
        }
    }

    private static String pathAndQuery(ServerRequest req) {
        String query = req.query().rawValue();
        return query.isEmpty() ? req.path().rawPath() : req.path().rawPath() + "?" + query;
    }
}
