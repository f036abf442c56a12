package dev.aistack.http;

import dev.aistack.errors.ErrorCode;
import dev.aistack.errors.ErrorEnvelope;
import dev.aistack.observe.LogContext;
import io.helidon.http.DirectHandler;
import io.helidon.http.HttpMediaTypes;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.ErrorHandling;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.DirectHandlers;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Requests Helidon refuses before routing (a broken request line, oversized or malformed headers, a missing Host,
 * ambiguous body framing such as two Content-Length values or Content-Length with chunked) answered like every
 * other gateway error: the catalog envelope, an X-Request-Id, one access log line, and the connection closed,
 * since after a framing error nothing that follows on it can be trusted (RFC 9112 §6.3).
 */
public final class MalformedRequests implements DirectHandler {
    private static final Logger ACCESS = Logger.getLogger("aistack.access");
    // Helidon's wording for an over-long header section; it gives no separate event type for it.
    private static final String HEADER_SIZE_EXCEEDED = "Header size exceeded";
    // Helidon's stand-in for a message it deems unsafe to echo: says nothing, so it is not repeated.
    private static final String UNSAFE_PLACEHOLDER = "see server log";

    private MalformedRequests() {
    }

    /** Replaces Helidon's bare direct responses on this listener with the gateway's. */
    public static void install(WebServerConfig.Builder server) {
        MalformedRequests handler = new MalformedRequests();
        DirectHandlers.Builder handlers = DirectHandlers.builder();
        for (EventType type : EventType.values()) {
            handlers.addHandler(type, handler);
        }
        server.directHandlers(handlers.build())
                // Hands Helidon's safe messages ("Transfer-Encoding and Content-Length headers must not be
                // combined") to the handler; only 4xx ones are repeated to the client, never a 5xx's.
                .errorHandling(ErrorHandling.builder().includeEntity(true).build());
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status defaultStatus,
                                    ServerResponseHeaders responseHeaders, String message) {
        String id = RequestIds.acceptOrGenerate(request.headers().first(RequestIds.HEADER).orElse(null));
        // A failure before even the request line was understood comes from the bytes the client sent (Helidon reports
        // some, e.g. a control character in the method, as an internal error): a malformed request, not a fault.
        ErrorCode code = eventType == EventType.INTERNAL_ERROR && request.method().isEmpty() ? ErrorCode.INVALID_HTTP
                : codeFor(defaultStatus, message);
        String text = explain(code, message);
        log(id, request, code, message);
        ServerResponseHeaders headers = ServerResponseHeaders.create();
        // Helidon's own headers for the event (e.g. none today), then ours; Content-Length is set by entity().
        responseHeaders.forEach(headers::set);
        headers.set(RequestIds.HEADER, id);
        headers.contentType(HttpMediaTypes.JSON_UTF_8);
        return TransportResponse.builder()
                .status(status(code))
                .headers(headers)
                .keepAlive(false)
                .entity(ErrorEnvelope.bytes(code, text, null))
                .build();
    }

    static ErrorCode codeFor(Status status, String message) {
        int s = status.code();
        if (s == 414) {
            return ErrorCode.URI_TOO_LONG;
        }
        if (s == 431 || (message != null && message.contains(HEADER_SIZE_EXCEEDED))) {
            return ErrorCode.HEADERS_TOO_LARGE;
        }
        if (s == 413) {
            return ErrorCode.BODY_TOO_LARGE;
        }
        if (s == 503) {
            return ErrorCode.SERVER_BUSY; // Helidon's own "too many concurrent requests"
        }
        if (s >= 400 && s < 500 || s == 501 || s == 505) {
            return ErrorCode.INVALID_HTTP; // 501/505: a transfer coding or HTTP version the gateway does not speak
        }
        return ErrorCode.INTERNAL_ERROR;
    }

    private static Status status(ErrorCode code) {
        // Helidon knows no reason phrase for 431 and would write "431 431".
        return code == ErrorCode.HEADERS_TOO_LARGE ? Status.create(431, "Request Header Fields Too Large")
                : Status.create(code.status());
    }

    private static String explain(ErrorCode code, String helidon) {
        String text = switch (code) {
            case URI_TOO_LONG -> "The request line is longer than 4096 bytes.";
            case HEADERS_TOO_LARGE -> "The request's headers are larger than 16384 bytes together.";
            case BODY_TOO_LARGE -> "The request body is too large.";
            case INVALID_HTTP -> "The request is not valid HTTP/1.1 and was refused; the connection is closed.";
            default -> "The gateway failed while reading the request; the request id is in the X-Request-Id "
                    + "header.";
        };
        // Helidon's reason is worth repeating only for framing and syntax; the other codes say it all already.
        if (code == ErrorCode.INVALID_HTTP && helidon != null && !helidon.isBlank()
                && !helidon.contains(UNSAFE_PLACEHOLDER)) {
            text += " " + (helidon.endsWith(".") ? helidon : helidon + ".");
        }
        return text;
    }

    private static void log(String id, TransportRequest request, ErrorCode code, String reason) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("method", request.method());
        fields.put("path", request.path());
        fields.put("status", code.status());
        fields.put("outcome", "malformed_request");
        if (reason != null) {
            fields.put("reason", reason);
        }
        LogContext.set(id);
        try {
            ACCESS.log(Level.INFO, "request", new Object[]{fields});
        } finally {
            LogContext.clear();
        }
    }
}
