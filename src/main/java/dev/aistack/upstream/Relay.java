package dev.aistack.upstream;

import dev.aistack.errors.ErrorEnvelope;
import dev.aistack.errors.GatewayException;
import dev.aistack.http.ClientLink;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpMediaType;
import io.helidon.http.Status;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.function.Predicate;

/**
 * Relays a backend response to the client: status, end-to-end headers and body bytes unchanged, or, for a client
 * of another protocol, through an {@link AnswerTranslator}. Streams (SSE or NDJSON) are relayed event by event as
 * they arrive, never buffered: the relay flushes whenever the next event is not already there. A client that goes
 * away closes the backend connection at once, so the backend stops.
 */
public final class Relay {
    /**
     * How a relay ended. INCOMPLETE: the stream ended cleanly but without its protocol's end marker. CLIENT_STALLED:
     * the client accepted no bytes for AISTACK_CLIENT_IDLE_TIMEOUT and was cut.
     */
    public enum Ending { COMPLETED, INCOMPLETE, CLIENT_DISCONNECTED, CLIENT_STALLED, UPSTREAM_BROKEN }

    /** Sees what is relayed: may rewrite or drop a streamed event (usage accounting), learns of the first one. */
    public interface Tap {
        Tap NONE = new Tap() {
        };

        /** The bytes to send for this event, or null to drop it. */
        default byte[] event(byte[] event) {
            return event;
        }

        /** A whole (non-streamed) body, as relayed. */
        default void body(byte[] body) {
        }

        /** The first streamed event has reached the client's socket. */
        default void firstEvent() {
        }

        /** The backend's answer has been read to its end (the client may not have all of it yet). */
        default void upstreamDone() {
        }
    }

    private Relay() {
    }

    /**
     * @param endMarker  recognises the event that ends a stream of the backend's protocol (e.g. {@code data: [DONE]});
     *                   null when the route has no known end marker (the stream then ends when the backend's does)
     * @param translator turns the answer into the client's protocol; null to relay it verbatim
     */
    public static Ending relay(HttpClientResponse upstream, ServerResponse res, UpstreamFailures failures, Tap tap,
                               Predicate<byte[]> endMarker, AnswerTranslator translator) {
        String type = upstream.headers().contentType().map(HttpMediaType::mediaType).map(t -> t.text()).orElse("");
        Framer framer = Framer.forMediaType(type, upstream.inputStream());
        return framer == null ? relayWhole(upstream, res, failures, tap, translator)
                : relayEvents(upstream, framer, res, failures, tap, endMarker, translator);
    }

    private static Ending relayWhole(HttpClientResponse upstream, ServerResponse res, UpstreamFailures failures,
                                     Tap tap, AnswerTranslator translator) {
        byte[] body;
        try {
            body = WholeBody.read(upstream);
        } catch (IOException | RuntimeException e) {
            throw failures.classify(e); // nothing sent yet: a clean 502/504
        }
        tap.upstreamDone();
        tap.body(body);
        if (translator == null) {
            copyHead(upstream, res);
        } else {
            AnswerTranslator.Whole whole = translator.whole(upstream.status().code(), body);
            res.status(Status.create(whole.status()));
            res.headers().contentType(HttpMediaType.create(whole.mediaType()));
            body = whole.body();
        }
        try {
            res.send(body);
            return Ending.COMPLETED;
        } catch (RuntimeException clientGone) {
            return Ending.CLIENT_DISCONNECTED;
        }
    }

    private static Ending relayEvents(HttpClientResponse upstream, Framer framer, ServerResponse res,
                                      UpstreamFailures failures, Tap tap, Predicate<byte[]> endMarker,
                                      AnswerTranslator translator) {
        byte[] event;
        try {
            event = framer.next(); // read before committing headers: a failure here can still be a clean error
        } catch (IOException | RuntimeException e) {
            throw failures.streamFailure(e);
        }
        if (translator == null) {
            copyHead(upstream, res);
        } else {
            res.status(Status.OK_200);
            res.headers().contentType(HttpMediaType.create(translator.streamMediaType()));
        }
        res.header(HeaderValues.create(HeaderNames.CACHE_CONTROL, "no-cache"));
        res.header(HeaderValues.create("X-Accel-Buffering", "no"));
        Output out = new Output(ClientLink.current().guard(res.outputStream()), // a client that stops reading is cut
                translator == null ? null : translator.idleEvent());
        try {
            boolean wroteAny = false;
            boolean ended = endMarker == null;
            while (event != null) {
                ended = ended || endMarker.test(event);
                byte[] tapped = tap.event(event);
                List<byte[]> toSend = tapped == null ? List.of()
                        : translator == null ? List.of(tapped) : translator.event(tapped);
                if (!out.write(toSend, !framer.hasBufferedEvent())) {
                    upstream.close(); // unread entity: the connection is closed, the backend cancels generation
                    return ClientLink.current().stalled() ? Ending.CLIENT_STALLED : Ending.CLIENT_DISCONNECTED;
                }
                if (!wroteAny && !toSend.isEmpty()) {
                    wroteAny = true;
                    tap.firstEvent();
                }
                try {
                    event = framer.next();
                } catch (IOException | RuntimeException e) {
                    GatewayException broken = failures.streamFailure(e);
                    out.write(List.of(translator == null ? framer.errorEvent(ErrorEnvelope.bytes(broken))
                            : translator.error(broken)), true);
                    return Ending.UPSTREAM_BROKEN;
                }
            }
            tap.upstreamDone();
            if (translator != null) {
                out.write(translator.end(ended), true);
            }
            return ended ? Ending.COMPLETED : Ending.INCOMPLETE;
        } finally {
            out.close(); // the last chunk: only now does the client see the end
        }
    }

    private static void copyHead(HttpClientResponse upstream, ServerResponse res) {
        res.status(Status.create(upstream.status().code(), upstream.status().reasonPhrase()));
        ForwardedHeaders.toClient(upstream.headers(), (name, value) -> res.headers().add(name, value));
    }

    /**
     * The client's side of a stream. With an idle event (Anthropic's ping), a watcher sends it when nothing was
     * written for {@link #IDLE_EVERY_MILLIS}: writes are serialised, so events and pings never interleave.
     */
    private static final class Output {
        static final long IDLE_EVERY_MILLIS = 10_000;

        private final OutputStream out;
        private final Thread idleWatcher;
        private long lastWrite = System.currentTimeMillis();
        private boolean closed;

        Output(OutputStream out, byte[] idleEvent) {
            this.out = out;
            this.idleWatcher = idleEvent == null ? null : Thread.ofVirtual().name("aistack-stream-idle")
                    .start(() -> pingWhileIdle(idleEvent));
        }

        synchronized boolean write(List<byte[]> events, boolean flush) {
            if (closed) {
                return false;
            }
            try {
                for (byte[] e : events) {
                    out.write(e);
                }
                if (flush && !events.isEmpty()) {
                    out.flush();
                }
                lastWrite = System.currentTimeMillis();
                return true;
            } catch (IOException | RuntimeException clientGone) {
                return false;
            }
        }

        synchronized void close() {
            closed = true;
            if (idleWatcher != null) {
                idleWatcher.interrupt();
            }
            try {
                out.close();
            } catch (IOException | RuntimeException ignored) {
                // the client is gone; nothing left to tell it
            }
        }

        private void pingWhileIdle(byte[] idleEvent) {
            try {
                while (true) {
                    long wait;
                    synchronized (this) {
                        if (closed) {
                            return;
                        }
                        wait = lastWrite + IDLE_EVERY_MILLIS - System.currentTimeMillis();
                    }
                    if (wait > 0) {
                        Thread.sleep(wait);
                    } else if (!write(List.of(idleEvent), true)) {
                        return;
                    }
                }
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
