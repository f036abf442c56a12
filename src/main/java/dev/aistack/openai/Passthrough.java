package dev.aistack.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aistack.http.ClientDisconnected;
import dev.aistack.http.ClientLink;
import dev.aistack.http.RequestInfo;
import dev.aistack.observe.GatewayMetrics;
import dev.aistack.scheduling.GpuSlots;
import dev.aistack.scheduling.KeepAlivePolicy;
import dev.aistack.tasks.Progress;
import dev.aistack.upstream.OllamaClient;
import dev.aistack.upstream.Relay;
import dev.aistack.usage.Usage;
import dev.aistack.usage.UsageTap;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The inference path shared by the /v1 routes: GPU slot, byte-for-byte forward, relay, usage, keep_alive. The slot
 * is released as soon as the backend's answer is read, and in any case on every way out (stream end, disconnect,
 * upstream error, timeout).
 */
public final class Passthrough {
    /** What to forward and how; {@code keepAlive} null means no keep_alive call (not an Ollama model route). */
    public record Call(byte[] body, String model, JsonNode keepAlive, boolean stripAddedUsage, boolean needsGpu) {
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
        GpuSlots.Slot slot = call.needsGpu() ? slots.acquire() : null;
        UsageTap usage = new UsageTap(call.stripAddedUsage(), progress::tokens);
        int status = 0;
        Relay.Ending ending = null;
        try {
            progress.forwarding();
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

                @Override
                public void upstreamDone() {
                    // The GPU's work is over: free the slot before the client sees the end, so a client that sends
                    // its next request at once is never refused by its own previous one.
                    release(slot);
                }
            };
            long sent = System.nanoTime();
            String outcome = "error";
            Thread handler = Thread.currentThread();
            // A client that leaves while Ollama works interrupts the backend call, which closes its connection.
            try (ClientLink.Watch client = ClientLink.current().watch(handler::interrupt)) {
                try (HttpClientResponse upstream = ollama.forward(req.prologue().method(), pathAndQuery(req),
                        req.headers(), info.requestId(), call.body())) {
                    status = upstream.status().code();
                    ending = Relay.relay(upstream, res, ollama.baseUrl(), tap);
                } catch (RuntimeException e) {
                    throw client.gone() ? new ClientDisconnected(e) : e;
                }
                if (client.gone() && ending != Relay.Ending.COMPLETED) {
                    ending = Relay.Ending.CLIENT_DISCONNECTED; // the interrupted stream looked broken
                }
                outcome = switch (ending) {
                    case COMPLETED -> status < 400 ? "ok" : "backend_error";
                    case CLIENT_DISCONNECTED -> "client_disconnected";
                    case CLIENT_STALLED -> "client_stalled";
                    case UPSTREAM_BROKEN -> "stream_broken";
                };
            } catch (ClientDisconnected e) {
                outcome = "client_disconnected";
                throw e;
            } finally {
                long nanos = System.nanoTime() - sent;
                info.upstreamNanos(nanos);
                info.outcome(outcome.equals("ok") ? null : outcome);
                metrics.upstream(info.route(), outcome, nanos);
            }
        } finally {
            release(slot); // every other way out: errors, timeouts, disconnects
        }
        // After the answer and outside the slot: Ollama stores the session and starts the expiry timer when the
        // model's last request ends (now, or when a request that started meanwhile ends).
        boolean success = status >= 200 && status < 300;
        if (success && call.keepAlive() != null && call.model() != null && !call.model().isBlank()) {
            keepAlive.enforce(call.model(), call.keepAlive());
        }
        Usage used = usage.usage();
        metrics.tokens(info.route(), used);
        info.usage(used);
        return new Result(status, ending, used);
    }

    private static void release(GpuSlots.Slot slot) {
        if (slot != null) {
            slot.close();
        }
    }

    /** How a forwarded call ended. */
    public record Result(int status, Relay.Ending ending, Usage usage) {
    }

    /** The path as the client sent it (req.path() is relative to the service's mount). */
    private static String pathAndQuery(ServerRequest req) {
        String path = req.prologue().uriPath().rawPath();
        String query = req.query().rawValue();
        return query.isEmpty() ? path : path + "?" + query;
    }
}
