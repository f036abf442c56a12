package dev.aistack.http;

import dev.aistack.observe.GatewayMetrics;
import dev.aistack.observe.LogContext;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * First and last code on every request: settles the request id (echoed on every response, errors included,
 * and on every log line), then writes the access log line and the request metrics.
 */
public final class AccessFilter implements Filter {
    private static final java.util.logging.Logger ACCESS = java.util.logging.Logger.getLogger("aistack.access");

    private final GatewayMetrics metrics;

    public AccessFilter(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String id = RequestIds.acceptOrGenerate(req.headers().first(RequestIds.HEADER).orElse(null));
        RequestInfo info = new RequestInfo(id, System.nanoTime());
        req.context().register(info);
        res.header(RequestIds.HEADER, id);
        LogContext.set(id);
        String path = req.path().rawPath(); // routing later rewrites the path relative to the service mount
        info.dialect(dev.aistack.errors.ErrorDialect.forPath(path));
        try {
            chain.proceed();
        } finally {
            long nanos = System.nanoTime() - info.startNanos();
            int status = res.status().code();
            String method = req.prologue().method().text();
            metrics.request(info.route(), method, status, nanos);
            log(info, method, path, status, nanos);
            LogContext.clear();
        }
    }

    private static void log(RequestInfo info, String method, String path, int status, long nanos) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("method", method);
        fields.put("path", path);
        fields.put("status", status);
        fields.put("duration_ms", millis(nanos));
        if (info.model() != null) {
            fields.put("model", info.model());
        }
        if (info.upstreamNanos() >= 0) {
            fields.put("upstream_ms", millis(info.upstreamNanos()));
        }
        if (info.node() != null) {
            fields.put("node", info.node());
        }
        if (info.taskId() != null) {
            fields.put("task_id", info.taskId());
        }
        if (info.keyId() != null) {
            fields.put("key_id", info.keyId());
        }
        if (info.usage() != null) {
            fields.put("prompt_tokens", info.usage().promptTokens());
            fields.put("completion_tokens", info.usage().completionTokens());
        }
        if (info.outcome() != null) {
            fields.put("outcome", info.outcome());
        }
        ACCESS.log(java.util.logging.Level.INFO, "request", new Object[]{fields});
    }

    static double millis(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }
}
