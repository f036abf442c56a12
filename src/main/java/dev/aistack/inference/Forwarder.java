package dev.aistack.inference;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aistack.http.ClientDisconnected;
import dev.aistack.http.ClientLink;
import dev.aistack.http.RequestInfo;
import dev.aistack.observe.GatewayMetrics;
import dev.aistack.scheduling.GpuSlots;
import dev.aistack.tasks.Progress;
import dev.aistack.upstream.AnswerTranslator;
import dev.aistack.upstream.Backend;
import dev.aistack.upstream.ForwardedHeaders;
import dev.aistack.upstream.Relay;
import dev.aistack.usage.Usage;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.function.Predicate;

/**
 * One call to one backend: GPU slot, byte-for-byte forward, relay, usage, and the node kind's after-request work
 * (keep_alive on Ollama). The slot is released as soon as the backend's answer is read, and in any case on every
 * way out (stream end, disconnect, upstream error, timeout).
 */
public final class Forwarder {
    /**
     * What to forward and how.
     *
     * @param path      the backend path, or null for the client's raw path and query
     * @param keepAlive the keep_alive the node should apply after the call; null for calls that are not inference
     * @param streamEnd recognises a stream's end marker (in the backend's protocol); null when the route has none
     * @param answer    translates the answer into the client's protocol; null to relay it verbatim
     */
    public record Call(byte[] body, String path, String model, JsonNode keepAlive, Endpoint.UsageCounter usage,
                       Predicate<byte[]> streamEnd, AnswerTranslator answer, boolean needsGpu) {
    }

    /** How a forwarded call ended. */
    /** How a forwarded call ended; ending null: the node's answer was a failure to fail over from (not relayed). */
    public record Result(int status, Relay.Ending ending, Usage usage) {
        public boolean failedOver() {
            return ending == null;
        }
    }

    /** Names the node that answered, on every answer that came from one. */
    public static final io.helidon.http.HeaderName NODE = io.helidon.http.HeaderNames.create("X-Aistack-Node");

    private final GatewayMetrics metrics;

    public Forwarder(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * Forwards the call (the client's method, raw path and raw query, unless the call names a path) and relays the
     * answer. mayFailover: another node could still take the request, so an answer of 5xx or 429 is not relayed but
     * returned as {@link Result#failedOver()} (nothing has been sent to the client).
     */
    public Result forward(ServerRequest req, ServerResponse res, Backend backend, Call call, Progress progress,
                          boolean mayFailover) {
        RequestInfo info = RequestInfo.of(req);
        GpuSlots.Slot slot = call.needsGpu() ? backend.slots().acquire() : null;
        int status = 0;
        Relay.Ending ending = null;
        ClientLink.Watch[] watch = {null};
        try {
            progress.forwarding();
            Relay.Tap tap = new Relay.Tap() {
                @Override
                public byte[] event(byte[] event) {
                    watch[0].eventFlowing();
                    return call.usage().event(event);
                }

                @Override
                public void body(byte[] body) {
                    call.usage().body(body);
                }

                @Override
                public void firstEvent() {
                    watch[0].answerFlowing(); // a departure now fails the next event's write, or a silence's watch
                    metrics.timeToFirstByte(info.route(), System.nanoTime() - info.startNanos());
                    progress.streaming();
                }

                @Override
                public void upstreamDone() {
                    // The GPU's work is over: free the slot before the client sees the end, so a client that sends
                    // its next request at once is never refused by its own previous one.
                    release(slot);
                    // Nothing left to wait for: a client closing once it has its answer is not a departure.
                    watch[0].close();
                }
            };
            long sent = System.nanoTime();
            String outcome = "error";
            Thread handler = Thread.currentThread();
            // A client that leaves while the backend works interrupts the backend call, which closes its connection.
            try (ClientLink.Watch client = ClientLink.current().watch(handler::interrupt)) {
                watch[0] = client;
                String path = call.path() != null ? call.path() : rawPathAndQuery(req);
                io.helidon.http.Method method = call.path() != null ? io.helidon.http.Method.POST
                        : req.prologue().method();
                try (HttpClientResponse upstream = backend.client().forward(method, path, req.headers(),
                        ForwardedHeaders.Peer.of(req), info.requestId(), call.body())) {
                    status = upstream.status().code();
                    if (mayFailover && (status >= 500 || status == 429)) {
                        outcome = "failover";
                        return new Result(status, null, Usage.NONE); // closing the response drops the connection
                    }
                    res.header(NODE, backend.name());
                    progress.node(backend.name());
                    info.node(backend.name());
                    ending = Relay.relay(upstream, res, backend.client().failures(), tap, call.streamEnd(),
                            call.answer());
                } catch (RuntimeException e) {
                    throw client.gone() ? new ClientDisconnected(e) : e;
                }
                if (client.gone() && ending != Relay.Ending.COMPLETED) {
                    // The interrupted stream looked broken; a client cut for not reading also looks gone.
                    ending = ClientLink.current().stalled() ? Relay.Ending.CLIENT_STALLED
                            : Relay.Ending.CLIENT_DISCONNECTED;
                }
                outcome = switch (ending) {
                    case COMPLETED -> status < 400 ? "ok" : "backend_error";
                    case INCOMPLETE, UPSTREAM_BROKEN -> "stream_broken";
                    case CLIENT_DISCONNECTED -> "client_disconnected";
                    case CLIENT_STALLED -> "client_stalled";
                };
            } catch (ClientDisconnected e) {
                outcome = "client_disconnected";
                throw e;
            } finally {
                long nanos = System.nanoTime() - sent;
                info.upstreamNanos(nanos);
                info.outcome(outcome.equals("ok") ? null : outcome);
                metrics.upstream(info.route(), backend.name(), outcome, nanos);
            }
        } finally {
            release(slot); // every other way out: errors, timeouts, disconnects
        }
        // After the call and outside the slot: on Ollama the native keep_alive call must start after this end.
        if (call.keepAlive() != null && status >= 200 && status < 300) {
            backend.kind().requestEnded(call.model(), call.keepAlive());
        }
        Usage used = call.usage().usage();
        metrics.tokens(info.route(), used);
        info.usage(used);
        return new Result(status, ending, used);
    }

    private static void release(GpuSlots.Slot slot) {
        if (slot != null) {
            slot.close();
        }
    }

    /** The path and query exactly as the client sent them (req.path() is relative to the service's mount). */
    private static String rawPathAndQuery(ServerRequest req) {
        String path = req.prologue().uriPath().rawPath();
        String query = req.query().rawValue();
        return query.isEmpty() ? path : path + "?" + query;
    }
}
