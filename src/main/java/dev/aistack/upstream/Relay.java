package dev.aistack.upstream;

import dev.aistack.errors.ErrorCode;
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
import java.nio.charset.StandardCharsets;

/**
 * Relays a backend response to the client: status, end-to-end headers and body bytes unchanged. Server-sent
 * events are written and flushed one event at a time as they arrive, never buffered. A client that goes away
 * closes the backend connection at once, so the backend stops generating.
 */
public final class Relay {
    /** How a relay ended. */
    public enum Ending { COMPLETED, CLIENT_DISCONNECTED, CLIENT_STALLED, UPSTREAM_BROKEN }

    /** Sees what is relayed: may rewrite or drop a streamed event (usage accounting), learns of the first one. */
    public interface Tap {
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

    public static Ending relay(HttpClientResponse upstream, ServerResponse res, String backendUrl, Tap tap) {
        boolean sse = upstream.headers().contentType().map(HttpMediaType::mediaType)
                .map(t -> t.text().equalsIgnoreCase("text/event-stream")).orElse(false);
        return sse ? relayEvents(upstream, res, backendUrl, tap) : relayWhole(upstream, res, backendUrl, tap);
    }

    private static Ending relayWhole(HttpClientResponse upstream, ServerResponse res, String backendUrl, Tap tap) {
        byte[] body;
        try {
            body = upstream.inputStream().readAllBytes();
        } catch (IOException | RuntimeException e) {
            throw UpstreamFailures.classify(e, backendUrl); // nothing sent yet: a clean 502/504
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

    private static Ending relayEvents(HttpClientResponse upstream, ServerResponse res, String backendUrl, Tap tap) {
        SseEvents events = new SseEvents(upstream.inputStream());
        byte[] first;
        try {
            first = events.next(); // read before committing headers: a failure here can still be a clean error
        } catch (IOException | RuntimeException e) {
            throw streamFailure(e, backendUrl);
        }
        copyHead(upstream, res);
        res.header(HeaderValues.create(HeaderNames.CACHE_CONTROL, "no-cache"));
        res.header(HeaderValues.create("X-Accel-Buffering", "no"));
        OutputStream out = ClientLink.current().guard(res.outputStream()); // a client that stops reading is cut
        byte[] event = first;
        boolean wroteAny = false;
        while (event != null) {
            byte[] toSend = tap.event(event);
            if (toSend != null) {
                if (!write(out, toSend)) {
                    upstream.close(); // unread entity: the connection is closed, Ollama cancels generation
                    return ClientLink.current().stalled() ? Ending.CLIENT_STALLED : Ending.CLIENT_DISCONNECTED;
                }
                if (!wroteAny) {
                    wroteAny = true;
                    tap.firstEvent();
                }
            }
            try {
                event = events.next();
            } catch (IOException | RuntimeException e) {
                GatewayException broken = streamFailure(e, backendUrl);
                write(out, sseError(broken));
                closeQuietly(out);
                return Ending.UPSTREAM_BROKEN;
            }
        }
        tap.upstreamDone();
        closeQuietly(out); // the last chunk: only now does the client see the end
        return Ending.COMPLETED;
    }

    private static GatewayException streamFailure(Throwable e, String backendUrl) {
        GatewayException classified = UpstreamFailures.classify(e, backendUrl);
        if (classified.code() == ErrorCode.UPSTREAM_BAD_RESPONSE) {
            return new GatewayException(ErrorCode.UPSTREAM_STREAM_BROKEN, "The stream from Ollama at " + backendUrl
                    + " broke off: " + e.getMessage(), null, e);
        }
        return classified;
    }

    /** After the first event the status is sent, so a broken stream ends with an error event clients can read. */
    private static byte[] sseError(GatewayException e) {
        byte[] json = ErrorEnvelope.bytes(e);
        byte[] prefix = "data: ".getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[prefix.length + json.length + 2];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(json, 0, out, prefix.length, json.length);
        out[out.length - 2] = '\n';
        out[out.length - 1] = '\n';
        return out;
    }

    private static boolean write(OutputStream out, byte[] event) {
        try {
            out.write(event);
            out.flush();
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
