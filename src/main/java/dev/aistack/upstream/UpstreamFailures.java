package dev.aistack.upstream;

import dev.aistack.errors.ErrorCode;
import dev.aistack.errors.GatewayException;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;

/**
 * Names what went wrong talking to one backend, as a catalog error with an actionable message.
 *
 * @param who       how messages name the backend, e.g. "Ollama at http://127.0.0.1:11434"
 * @param url       its base URL
 * @param startHint what to do when it is not reachable, e.g. "Start it with: ollama serve", or ""
 */
public record UpstreamFailures(String who, String url, String startHint) {
    public static UpstreamFailures ollama(String url) {
        return new UpstreamFailures("Ollama at " + url, url, "Start it with: ollama serve");
    }

    public GatewayException classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException) {
                return unreachable(failure);
            }
            if (t instanceof SocketTimeoutException || t instanceof HttpTimeoutException
                    || t instanceof TimeoutException) {
                return new GatewayException(ErrorCode.BACKEND_TIMEOUT, who + " did not answer in time "
                        + "(AISTACK_UPSTREAM_TIMEOUT); the model may still be loading.", null, failure);
            }
        }
        return new GatewayException(ErrorCode.UPSTREAM_BAD_RESPONSE, who + " sent a response the gateway could not "
                + "read: " + failure.getMessage(), null, failure);
    }

    /** A failure after the stream started: a broken stream, unless it was a timeout. */
    public GatewayException streamFailure(Throwable failure) {
        GatewayException classified = classify(failure);
        if (classified.code() == ErrorCode.UPSTREAM_BAD_RESPONSE) {
            return new GatewayException(ErrorCode.UPSTREAM_STREAM_BROKEN, "The stream from " + who + " broke off: "
                    + failure.getMessage(), null, failure);
        }
        return classified;
    }

    public GatewayException unreachable(Throwable cause) {
        String name = who.contains(" at ") ? who.substring(0, who.indexOf(" at ")) : who;
        return new GatewayException(ErrorCode.BACKEND_UNREACHABLE, name + " is not reachable at " + url + "."
                + (startHint.isEmpty() ? "" : " " + startHint), null, cause);
    }
}
