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
import java.util.function.Predicate;

/**
 * Relays a backend response to the client: status, end-to-end headers and body bytes unchanged. Streams (SSE or
 * NDJSON) are relayed event by event as they arrive, never buffered: the relay flushes whenever the next event is
 * not already there. A client that goes away closes the backend connection at once, so the backend stops.
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
     * @param endMarker recognises the event that ends a stream of this route's protocol (e.g. {@code data: [DONE]});
     *                  null when the route has no known end marker (the stream then ends when the backend's does)
     */
    public static Ending relay(HttpClientResponse upstream, ServerResponse res, UpstreamFailures failures, Tap tap,
                               Predicate<byte[]> endMarker) {
        String type = upstream.headers().contentType().map(HttpMediaType::mediaType).map(t -> t.text()).orElse("");
        Framer framer = Framer.forMediaType(type, upstream.inputStream());
        return framer == null ? relayWhole(upstream, res, failures, tap)
                : relayEvents(upstream, framer, res, failures, tap, endMarker);
    }

    private static Ending relayWhole(HttpClientResponse upstream, ServerResponse res, UpstreamFailures failures,
                                     Tap tap) {
        byte[] body;
        try {
            body = upstream.inputStream().readAllBytes();
        } catch (IOException | RuntimeException e) {
            throw failures.classify(e); // nothing sent yet: a clean 502/504
        }
        tap.upstreamDone();
        copyHead(upstream, res);
        tap.body(body);
        try {
            res.send(body);
            return Ending.COMPLETED;
        } catch (RuntimeException clientGone) {
            return Ending.CLIENT_DISCONNECTED;
        }
    }

    private static Ending relayEvents(HttpClientResponse upstream, Framer framer, ServerResponse res,
                                      UpstreamFailures failures, Tap tap, Predicate<byte[]> endMarker) {
        byte[] event;
        try {
            event = framer.next(); // read before committing headers: a failure here can still be a clean error
        } catch (IOException | RuntimeException e) {
            throw failures.streamFailure(e);
        }
        copyHead(upstream, res);
        res.header(HeaderValues.create(HeaderNames.CACHE_CONTROL, "no-cache"));
        res.header(HeaderValues.create("X-Accel-Buffering", "no"));
        OutputStream out = ClientLink.current().guard(res.outputStream()); // a client that stops reading is cut
        boolean wroteAny = false;
        boolean ended = endMarker == null;
        while (event != null) {
            ended = ended || endMarker.test(event);
            byte[] toSend = tap.event(event);
            if (toSend != null) {
                if (!write(out, toSend, !framer.hasBufferedEvent())) {
                    upstream.close(); // unread entity: the connection is closed, the backend cancels generation
                    return ClientLink.current().stalled() ? Ending.CLIENT_STALLED : Ending.CLIENT_DISCONNECTED;
                }
                if (!wroteAny) {
                    wroteAny = true;
                    tap.firstEvent();
                }
            }
            try {
                event = framer.next();
            } catch (IOException | RuntimeException e) {
                GatewayException broken = failures.streamFailure(e);
                write(out, framer.errorEvent(ErrorEnvelope.bytes(broken)), true);
                closeQuietly(out);
                return Ending.UPSTREAM_BROKEN;
            }
        }
        tap.upstreamDone();
        closeQuietly(out); // the last chunk: only now does the client see the end
        return ended ? Ending.COMPLETED : Ending.INCOMPLETE;
    }

    private static boolean write(OutputStream out, byte[] event, boolean flush) {
        try {
            out.write(event);
            if (flush) {
                out.flush();
            }
            return true;
        } catch (IOException | RuntimeException clientGone) {
            return false;
        }
    }

    private static void copyHead(HttpClientResponse upstream, ServerResponse res) {
        res.status(Status.create(upstream.status().code(), upstream.status().reasonPhrase()));
        ForwardedHeaders.toClient(upstream.headers(), (name, value) -> res.headers().add(name, value));
    }

    private static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException | RuntimeException ignored) {
            // the client is gone; nothing left to tell it
        }
    }
}
