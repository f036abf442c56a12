package dev.aistack.access;

import dev.aistack.errors.GatewayException;
import dev.aistack.http.ErrorResponses;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Policy steps 1 to 4 on every route that needs a key: /v1/*, /tasks/* and Ollama's /api/*. Probes, /metrics, the contract pages
 * and /admin (its own token) stay open. A refusal is answered here, so the access log sees its status.
 */
final class KeyFilter implements Filter {
    private final Gate gate;
    private final ErrorResponses errors;

    KeyFilter(Gate gate, ErrorResponses errors) {
        this.gate = gate;
        this.errors = errors;
    }

    static boolean protectedPath(String path) {
        return path.equals("/v1") || path.startsWith("/v1/") || path.equals("/tasks") || path.startsWith("/tasks/")
                || path.startsWith("/api/");
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (protectedPath(req.prologue().uriPath().rawPath())) {
            try {
                gate.identify(req);
            } catch (GatewayException e) {
                errors.send(req, res, e);
                return;
            }
        }
        chain.proceed();
    }
}
