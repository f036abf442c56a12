package dev.aistack.http;

import dev.aistack.errors.ErrorCode;
import dev.aistack.errors.GatewayException;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaTypes;
import io.helidon.http.Status;
import io.helidon.webserver.ServerConnectionException;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.logging.Level;
import java.util.logging.Logger;

/** The one place where gateway errors become HTTP responses: status and envelope from the catalog. */
public final class ErrorResponses {
    private static final Logger LOG = Logger.getLogger(ErrorResponses.class.getName());

    private static final io.helidon.http.HeaderName TASK_ID = HeaderNames.create("X-Task-Id");

    private final int retryAfterSeconds;

    public ErrorResponses(int retryAfterSeconds) {
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public void registerOn(HttpRouting.Builder routing) {
        routing.error(GatewayException.class, (req, res, e) -> send(req, res, e));
        // Helidon's own verdict on a request it parsed lazily (a header value it cannot read): the client's mistake.
        routing.error(io.helidon.http.BadRequestException.class, (req, res, e) -> send(req, res,
                new GatewayException(ErrorCode.INVALID_REQUEST, "The request could not be read: " + e.getMessage()
                        + ".")));
        routing.error(RuntimeException.class, this::unexpected);
    }

    /** Writes the envelope unless the response has already started (then the connection is just closed). */
    public void send(ServerRequest req, ServerResponse res, GatewayException e) {
        if (res.isSent()) {
            return;
        }
        ErrorCode code = e.code();
        // Helidon resets headers before error handlers run; the request id must survive on errors too.
        RequestInfo info = RequestInfo.of(req);
        res.header(RequestIds.HEADER, info.requestId());
        if (info.taskId() != null) {
            res.header(TASK_ID, info.taskId());
        }
        res.status(Status.create(code.status()));
        res.headers().contentType(HttpMediaTypes.JSON_UTF_8);
        // Retry-After on every retryable 503 (busy slot, backend down): clients that honour it back off correctly.
        if (code == ErrorCode.INVALID_HTTP) {
            res.header(io.helidon.http.HeaderValues.CONNECTION_CLOSE); // the framing is lost: nothing after is trusted
        }
        if (code.status() == 503 && code.retryable()) {
            res.header(HeaderNames.RETRY_AFTER, Integer.toString(retryAfterSeconds));
        }
        res.send(info.dialect().bytes(e));
    }

    private void unexpected(ServerRequest req, ServerResponse res, RuntimeException e) {
        if (e instanceof ServerConnectionException) {
            throw e; // the client went away: nothing to answer
        }
        LOG.log(Level.SEVERE, "unexpected error", e);
        send(req, res, new GatewayException(ErrorCode.INTERNAL_ERROR,
                "The gateway failed unexpectedly; the request id is in the X-Request-Id header."));
    }
}
