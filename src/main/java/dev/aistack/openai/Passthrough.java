package dev.aistack.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aistack.http.RequestInfo;
import dev.aistack.observe.GatewayMetrics;
import dev.aistack.scheduling.GpuSlots;
import dev.aistack.scheduling.KeepAlivePolicy;
import dev.aistack.upstream.OllamaClient;
import dev.aistack.upstream.Relay;
import dev.aistack.usage.Usage;
import dev.aistack.usage.UsageTap;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The inference path shared by the /v1 routes: GPU slot, byte-for-byte forward, relay, usage, keep_alive, and the
 * slot released on every way out (try-with-resources: success, stream end, disconnect, upstream error, timeout).
 */
public final class Passthrough {
    /** What to forward and how; {@code keepAlive} null means no keep_alive call (not an Ollama model route). */
    public record Call(byte[] body, String model, JsonNode keepAlive, boolean stripAddedUsage, boolean needsGpu) {
    }

    /** Told how the call goes, for task status. */
    public interface Progress {
        Progress NONE = new Progress() {
        };

        default void forwarding() {
        }

        default void streaming() {
        }

        default void tokens(Usage soFar) {
        }
    }

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

    /** Forwards the call to the same method and path on Ollama and relays the answer; returns the usage seen. */
    public Result forward(ServerRequest req, ServerResponse res, Call call, Progress progress) {
        RequestInfo info = RequestInfo.of(req);
        try (GpuSlots.Slot ignored = call.needsGpu() ? slots.acquire() : null) {
            progress.forwarding();
            UsageTap usage = new UsageTap(call.stripAddedUsage(), progress::tokens);
            Relay.Tap tap = new Relay.Tap() {
                @Override
                public byte[] event(byte[] event) {
                    return usage.event(event);
                }

                @Override
                public void body(byte[] body) {
                    usage.body(body);
                }

                @Override
                public void firstEvent() {
                    metrics.timeToFirstByte(info.route(), System.nanoTime() - info.startNanos());
                    progress.streaming();
                }
            };
            long sent = System.nanoTime();
            String outcome = "error";
            int status = 0;
            Relay.Ending ending = null;
            try (HttpClientResponse upstream = ollama.forward(req.prologue().method(), pathAndQuery(req),
                    req.headers(), call.body())) {
                status = upstream.status().code();
                ending = Relay.relay(upstream, res, ollama.baseUrl(), tap);
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
            boolean success = status >= 200 && status < 300;
            if (success && call.keepAlive() != null && call.model() != null && !call.model().isBlank()) {
                keepAlive.enforce(call.model(), call.keepAlive());
            }
            Usage used = usage.usage();
            metrics.tokens(info.route(), used);
            info.usage(used);
            return new Result(status, ending, used);
        }
    }

    /** How a forwarded call ended. */
    public record Result(int status, Relay.Ending ending, Usage usage) {
    }

    private static String pathAndQuery(ServerRequest req) {
        String query = req.query().rawValue();
        return query.isEmpty() ? req.path().rawPath() : req.path().rawPath() + "?" + query;
    }
}
