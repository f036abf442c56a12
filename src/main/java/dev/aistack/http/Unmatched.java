package dev.aistack.http;

import dev.aistack.errors.ErrorCode;
import dev.aistack.errors.GatewayException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.Set;

/** The last route: 405 with Allow when the path exists under another method, else 404, both from the catalog. */
public final class Unmatched {
    private final RouteTable table;
    private final ErrorResponses errors;

    public Unmatched(RouteTable table, ErrorResponses errors) {
        this.table = table;
        this.errors = errors;
    }

    public void handle(ServerRequest req, ServerResponse res) {
        String path = req.prologue().uriPath().path();
        Set<String> allowed = table.methodsFor(path);
        if (allowed.isEmpty()) {
            errors.send(req, res, new GatewayException(ErrorCode.NOT_FOUND, "No route for "
                    + req.prologue().method().text() + " " + path + ". The API is described at /openapi.json."));
            return;
        }
        res.header(HeaderNames.ALLOW, String.join(", ", allowed));
        errors.send(req, res, new GatewayException(ErrorCode.METHOD_NOT_ALLOWED, req.prologue().method().text()
                + " is not allowed on " + path + "; use " + String.join(" or ", allowed) + "."));
    }
}
