package dev.aistack.http;

import io.helidon.webserver.CloseConnectionException;

/**
 * The client left before its answer was sent: Helidon closes the connection without writing or logging a warning
 * (this passes the error handlers and filters untouched).
 */
public final class ClientDisconnected extends CloseConnectionException {
    public ClientDisconnected(Throwable backendCallEnd) {
        super("client disconnected", backendCallEnd);
    }
}
