package dev.aistack.http;

import dev.aistack.config.GatewayConfig;
import dev.aistack.errors.ErrorCode;
import dev.aistack.errors.GatewayException;
import io.helidon.http.Headers;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionListener;

import java.net.SocketTimeoutException;

/**
 * The client-connection layer: notices a client that left while its answer is prepared, cuts one that stopped
 * reading, and bounds slow or too many connections (head and body timeouts, connection cap with 503 server_busy).
 * Helidon offers no per-request hook for any of these, so this joins three of its public extension points: the
 * accepted channel (socket options), the HTTP/1.1 receive listener (request line and head read, on the connection's
 * own thread), and a routing filter (the exchange's end).
 */
public final class ClientConnections implements Filter {
    private final ConnectionTable table;
    private final ErrorResponses errors;

    private ClientConnections(ConnectionTable table, ErrorResponses errors) {
        this.table = table;
        this.errors = errors;
    }

    /** Configures the listener; call it after the routing is set, whose filters it extends. */
    public static void install(WebServerConfig.Builder server, GatewayConfig config) {
        int cap = config.maxConnections();
        ConnectionTable table = new ConnectionTable(ClientTimeouts.of(config), cap);
        ClientConnections connections = new ClientConnections(table, new ErrorResponses(config.gpuRetryAfterSeconds()));
        server.connectionOptions(new ClientSocketOptions(table))
                // The NIO socket path (default since 4.4) has no liveness monitor: idle() does nothing there.
                .useNio(false)
                // Past the cap, connections are still accepted to be told 503; past twice the cap the listener
                // stops accepting (the kernel's backlog holds them), so a flood cannot take unbounded threads.
                .maxTcpConnections(cap > Integer.MAX_VALUE / 2 ? Integer.MAX_VALUE : 2 * cap)
                // The one HTTP/1.1 protocol, with the head listener. Not also the discovered default: with two
                // candidates Helidon picks by the request line, and a malformed one matches neither and is dropped
                // without an answer; with one, it reaches the direct handlers (MalformedRequests).
                .protocolsDiscoverServices(false)
                .addProtocol(Http1Config.builder().addReceiveListener(connections.new HeadListener()).build());
        HttpRouting.Builder routing = server.routing()
                .orElseThrow(() -> new IllegalStateException("install client connections after the routing"));
        routing.addFilter(connections);
    }

    /** Runs on the connection's thread as each request's head is read, just before routing. */
    private final class HeadListener implements Http1ConnectionListener {
        @Override
        public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
            ClientLink link = table.find(ctx.remotePeer().address());
            if (link != null) {
                link.requestLineRead();
            }
        }

        @Override
        public void headers(ConnectionContext ctx, Headers headers) {
            ClientLink link = table.find(ctx.remotePeer().address());
            if (link != null) {
                link.headReceived(ctx);
            }
        }
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        ClientLink link = ClientLink.current();
        if (!link.admitted()) {
            res.header(HeaderValues.CONNECTION_CLOSE);
            errors.send(req, res, new GatewayException(ErrorCode.SERVER_BUSY, "The gateway has its maximum of "
                    + table.maxConnections() + " client connections open; retry after the Retry-After delay."));
            throw closeAfterAnswer(); // Helidon keeps a connection open whatever its response's Connection header says
        }
        try {
            chain.proceed();
        } catch (RuntimeException e) {
            if (!res.isSent() && causedBy(e, SocketTimeoutException.class)) {
                // The body paused past the body timeout (the socket's read timeout): say so, and close.
                res.header(HeaderValues.CONNECTION_CLOSE);
                errors.send(req, res, new GatewayException(ErrorCode.REQUEST_BODY_TIMEOUT, "The request body "
                        + "paused for longer than " + link.bodyPauseText() + "; send it without long pauses."));
                throw closeAfterAnswer(); // what is left of the body must not be read as the next request
            }
            throw e;
        } finally {
            link.exchangeEnded();
        }
    }

    @Override
    public void beforeStart() {
        table.start();
    }

    @Override
    public void afterStop() {
        table.stop();
    }

    private static CloseConnectionException closeAfterAnswer() {
        return new CloseConnectionException("answered, now closing the connection");
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
