package dev.aistack.upstream;

import dev.aistack.errors.ErrorCode;
import dev.aistack.errors.GatewayException;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;

/** Names what went wrong talking to the backend, as a catalog error with an actionable message. */
public final class UpstreamFailures {
    private UpstreamFailures() {
    }

    public static GatewayException classify(Throwable failure, String backendUrl) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException) {
                return unreachable(backendUrl, failure);
            }
            if (t instanceof SocketTimeoutException || t instanceof HttpTimeoutException
                    || t instanceof TimeoutException) {
                return new GatewayException(ErrorCode.BACKEND_TIMEOUT, "Ollama at " + backendUrl
                        + " did not answer in time (AISTACK_UPSTREAM_TIMEOUT); the model may still be loading.",
                        null, failure);
            }
        }
        return new GatewayException(ErrorCode.UPSTREAM_BAD_RESPONSE, "Ollama at " + backendUrl
                + " sent a response the gateway could not read: " + failure.getMessage(), null, failure);
    }

    public static GatewayException unreachable(String backendUrl, Throwable cause) {
        return new GatewayException(ErrorCode.BACKEND_UNREACHABLE, "Ollama is not reachable at " + backendUrl
                + ". Start it with: ollama serve", null, cause);
    }
}
