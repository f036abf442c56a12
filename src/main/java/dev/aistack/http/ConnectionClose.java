package dev.aistack.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * A response that says {@code Connection: close} really ends the connection. Helidon writes the header but, when
 * the request body was not read, goes on to parse whatever follows on the socket as the next request: after a
 * refused body (malformed chunked framing) that is exactly the smuggled request an attacker appended.
 */
public final class ConnectionClose implements Filter {
    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        chain.proceed();
        // contains() first: containsToken tokenises through streams, on every request otherwise
        if (res.isSent() && res.headers().contains(HeaderNames.CONNECTION)
                && res.headers().containsToken(HeaderValues.CONNECTION_CLOSE)) {
            throw new CloseConnectionException("the response closes the connection");
        }
    }
}
