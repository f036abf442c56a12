package dev.aistack.http;

import dev.aistack.usage.Usage;
import io.helidon.webserver.http.ServerRequest;

/**
 * What the access log and the metrics need to know about one request, filled in as it goes: the filter
 * creates it, the route table sets the route, the handler sets the model and the upstream time.
 */
public final class RequestInfo {
    private final String requestId;
    private final long startNanos;
    private volatile String route = "unmatched";
    private volatile String model;
    private volatile long upstreamNanos = -1;
    private volatile String outcome;
    private volatile Usage usage;
    private volatile String taskId;
    private volatile String node;
    private volatile dev.aistack.errors.ErrorDialect dialect = dev.aistack.errors.ErrorDialect.OPENAI;
    private volatile String keyId;

    RequestInfo(String requestId, long startNanos) {
        this.requestId = requestId;
        this.startNanos = startNanos;
    }

    /** The request's info; requests that bypassed the filter (never in practice) get a throw-away one. */
    public static RequestInfo of(ServerRequest req) {
        return req.context().get(RequestInfo.class)
                .orElseGet(() -> new RequestInfo(RequestIds.generate(), System.nanoTime()));
    }

    public String requestId() {
        return requestId;
    }

    public long startNanos() {
        return startNanos;
    }

    public String route() {
        return route;
    }

    public void route(String route) {
        this.route = route;
    }

    public String model() {
        return model;
    }

    public void model(String model) {
        this.model = model;
    }

    /** Upstream time in nanoseconds, or -1 when the request never reached the backend. */
    public long upstreamNanos() {
        return upstreamNanos;
    }

    public void upstreamNanos(long nanos) {
        this.upstreamNanos = nanos;
    }

    /** The backend node that answered, or null. */
    public String node() {
        return node;
    }

    public void node(String node) {
        this.node = node;
    }

    /** The shape of this request's gateway errors, from the protocol its path speaks. */
    public dev.aistack.errors.ErrorDialect dialect() {
        return dialect;
    }

    public void dialect(dev.aistack.errors.ErrorDialect dialect) {
        this.dialect = dialect;
    }

    /** The task id echoed as X-Task-Id, or null for routes without tasks. */
    public String taskId() {
        return taskId;
    }

    public void taskId(String taskId) {
        this.taskId = taskId;
    }

    /** The calling API key's id (never its secret), or null in open mode and before authentication. */
    public String keyId() {
        return keyId;
    }

    public void keyId(String keyId) {
        this.keyId = keyId;
    }

    /** Tokens of the backend call, or null when there was none. */
    public Usage usage() {
        return usage;
    }

    public void usage(Usage usage) {
        this.usage = usage;
    }

    /** A short word for how the request ended when the status alone does not tell (e.g. client_disconnected). */
    public String outcome() {
        return outcome;
    }

    public void outcome(String outcome) {
        this.outcome = outcome;
    }
}
