package dev.aistack.inference;

import dev.aistack.errors.ErrorCode;
import dev.aistack.errors.GatewayException;
import dev.aistack.observe.GatewayMetrics;
import dev.aistack.routing.Node;
import dev.aistack.tasks.Progress;
import dev.aistack.upstream.JsonBytes;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Tries a request's candidate nodes in order, at most AISTACK_MAX_ATTEMPTS of them, moving to the next only while
 * nothing has reached the client: on a connect failure, a timeout before the first byte, or a 5xx or 429 answer. Each
 * node's circuit breaker hears how its call went; a node whose breaker refuses, or whose GPU slots are all busy, is
 * passed over without counting as an attempt.
 */
final class Failover {
    /** The call for one node: its body (model alias applied), path, translator. */
    interface CallFor {
        Forwarder.Call call(Node node, byte[] body);
    }

    /** What the last attempt returned, and the usage counter of its call. */
    record Outcome(Forwarder.Result result, Forwarder.Call call) {
    }

    private final Forwarder forwarder;
    private final GatewayMetrics metrics;
    private final int maxAttempts;

    Failover(Forwarder forwarder, GatewayMetrics metrics, int maxAttempts) {
        this.forwarder = forwarder;
        this.metrics = metrics;
        this.maxAttempts = maxAttempts;
    }

    Outcome run(ServerRequest req, ServerResponse res, List<Node> candidates, String model, byte[] body,
                CallFor calls, Progress progress) {
        GatewayException busy = null;
        GatewayException lastFailure = null;
        int attempts = 0;
        for (int i = 0; i < candidates.size() && attempts < maxAttempts; i++) {
            Node node = candidates.get(i);
            if (!node.breaker().tryAcquirePermission()) {
                continue; // open breaker, or its one half-open probe is already out
            }
            boolean more = attempts + 1 < maxAttempts && i + 1 < candidates.size();
            Forwarder.Call call = calls.call(node, aliased(body, model, node));
            long start = System.nanoTime();
            Forwarder.Result result;
            try {
                result = forwarder.forward(req, res, node.backend(), call, progress, more);
            } catch (GatewayException e) {
                if (e.code() == ErrorCode.GPU_BUSY) {
                    node.breaker().releasePermission(); // not the node's failure, and not an attempt
                    busy = e;
                    continue;
                }
                attempts++;
                if (isNodeFailure(e)) {
                    failed(node, start, e, e.code().code());
                    if (more && !res.isSent()) {
                        metrics.failover(node.name(), e.code().code());
                        lastFailure = e;
                        continue;
                    }
                } else {
                    node.breaker().releasePermission();
                }
                throw e;
            } catch (RuntimeException e) {
                node.breaker().releasePermission(); // the client left, or the gateway failed: not the node's fault
                throw e;
            }
            attempts++;
            if (result.failedOver()) {
                String reason = "status_" + result.status();
                failed(node, start, null, reason);
                metrics.failover(node.name(), reason);
                lastFailure = new GatewayException(ErrorCode.UPSTREAM_BAD_RESPONSE, "Node " + node.name()
                        + " answered " + result.status() + ".");
                continue;
            }
            if (result.status() >= 500 || result.status() == 429) {
                failed(node, start, null, "status_" + result.status());
            } else {
                node.breaker().onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
            return new Outcome(result, call);
        }
        if (lastFailure != null) {
            throw lastFailure;
        }
        if (busy != null) {
            throw busy; // every candidate's GPU slots are busy
        }
        throw new GatewayException(ErrorCode.NO_BACKEND_FOR_MODEL, "No backend can serve '" + model + "' now: "
                + "every node that serves it has an open circuit breaker. Retry after the Retry-After delay.", "model");
    }

    private void failed(Node node, long start, Throwable e, String reason) {
        node.breaker().onError(System.nanoTime() - start, TimeUnit.NANOSECONDS,
                e != null ? e : new IllegalStateException(reason));
        metrics.nodeFailure(node.name(), reason);
    }

    /** Failures of the node itself (not of the request): worth another node, and counted by its breaker. */
    private static boolean isNodeFailure(GatewayException e) {
        return e.code() == ErrorCode.BACKEND_UNREACHABLE || e.code() == ErrorCode.BACKEND_TIMEOUT
                || e.code() == ErrorCode.UPSTREAM_BAD_RESPONSE || e.code() == ErrorCode.UPSTREAM_STREAM_BROKEN;
    }

    /** With an alias, only the model value changes; every other byte is the client's (or the policy's). */
    private static byte[] aliased(byte[] body, String model, Node node) {
        String target = node.nodeModel(model);
        if (target == null || target.equals(model)) {
            return body;
        }
        try {
            return JsonBytes.replaceString(body, "model", target);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // unreachable: the body was read as one object already
        }
    }
}
