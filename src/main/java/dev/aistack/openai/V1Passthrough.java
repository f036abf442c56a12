package dev.aistack.openai;

import dev.aistack.errors.ErrorCode;
import dev.aistack.errors.GatewayException;
import dev.aistack.generated.api.PassthroughService;
import dev.aistack.http.RawBody;
import dev.aistack.inference.Endpoint;
import dev.aistack.inference.Forwarder;
import dev.aistack.routing.Router;
import dev.aistack.tasks.Progress;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.function.Predicate;

/**
 * Any other /v1 path, forwarded verbatim so a newer backend endpoint works without a gateway release. The body is
 * not interpreted (it may not even be JSON); POSTs hold a GPU slot since they are usually inference.
 */
public final class V1Passthrough implements PassthroughService {
    private final Router router;
    private final Forwarder forwarder;
    private final long maxBodyBytes;
    private final Predicate<String> ownedByAnotherRoute;

    /** ownedByAnotherRoute: paths the gateway serves itself (their other methods get 405, not a passthrough). */
    public V1Passthrough(Router router, Forwarder forwarder, long maxBodyBytes, Predicate<String> ownedByAnotherRoute) {
        this.router = router;
        this.forwarder = forwarder;
        this.maxBodyBytes = maxBodyBytes;
        this.ownedByAnotherRoute = ownedByAnotherRoute;
    }

    /** Same operations as the generated table, but {+path}: the spec's {path} may span several segments. */
    @Override
    public void routing(HttpRules rules) {
        rules.get("/{+path}", this::passthroughGet)
                .post("/{+path}", this::passthroughPost)
                .put("/{+path}", this::passthroughPut)
                .patch("/{+path}", this::passthroughPatch)
                .delete("/{+path}", this::passthroughDelete);
    }

    @Override
    public void passthroughGet(ServerRequest req, ServerResponse res) {
        forward(req, res, false);
    }

    @Override
    public void passthroughPost(ServerRequest req, ServerResponse res) {
        forward(req, res, true);
    }

    @Override
    public void passthroughPut(ServerRequest req, ServerResponse res) {
        forward(req, res, false);
    }

    @Override
    public void passthroughPatch(ServerRequest req, ServerResponse res) {
        forward(req, res, false);
    }

    @Override
    public void passthroughDelete(ServerRequest req, ServerResponse res) {
        forward(req, res, false);
    }

    private void forward(ServerRequest req, ServerResponse res, boolean needsGpu) {
        String raw = req.prologue().uriPath().rawPath();
        if (!staysUnderV1(raw)) {
            throw new GatewayException(ErrorCode.INVALID_REQUEST, "The path must stay under /v1/: dot segments, "
                    + "encoded slashes, dots or backslashes are not forwarded.", "path");
        }
        if (ownedByAnotherRoute.test(req.prologue().uriPath().path())) {
            res.next(); // e.g. GET /v1/chat/completions: the fallback route answers 405 with Allow
            return;
        }
        byte[] body = RawBody.read(req, maxBodyBytes);
        forwarder.forward(req, res, router.any(), new Forwarder.Call(body, null, null, null,
                Endpoint.UsageCounter.none(), null, null, needsGpu), Progress.NONE, false);
    }

    /**
     * The raw path is forwarded as sent, so it must not be able to climb out of /v1 on the backend (e.g. to
     * Ollama's native DELETE /api/delete): no "." or ".." segment, and nothing encoded that could become one.
     */
    static boolean staysUnderV1(String rawPath) {
        String lower = rawPath.toLowerCase(java.util.Locale.ROOT);
        if (!rawPath.startsWith("/v1/") || lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c")
                || rawPath.contains("\\")) {
            return false;
        }
        for (String segment : rawPath.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
