package dev.aistack.routing;

import dev.aistack.errors.GatewayException;
import dev.aistack.observe.GatewayMetrics;
import dev.aistack.upstream.Backend;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Probes every node in the background with the cheapest call of its kind, every AISTACK_PROBE_INTERVAL: the result
 * sets the node up or down (for /readyz and the candidate order), feeds its circuit breaker (an open breaker's
 * half-open trial can be a probe), and, when the node answers, its models are discovered again.
 */
public final class Prober implements AutoCloseable {
    private final Router router;
    private final GatewayMetrics metrics;
    private boolean started;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("aistack-prober").factory());

    public Prober(Router router, GatewayMetrics metrics) {
        this.router = router;
        this.metrics = metrics;
    }

    /** First round at once (so discovery is ready soon after start), then every interval. */
    public synchronized void start(Duration interval) {
        if (started) {
            return;
        }
        started = true;
        timer.scheduleWithFixedDelay(this::probeAll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One round over every node, each on its own virtual thread so a slow node does not delay the others. */
    public void probeAll() {
        try (var each = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Node n : router.nodes()) {
                each.submit(() -> probe(n));
            }
        }
    }

    void probe(Node n) {
        boolean permitted = n.breaker().tryAcquirePermission();
        long start = System.nanoTime();
        try {
            n.backend().kind().probe();
            long nanos = System.nanoTime() - start;
            n.probed(true, nanos / 1e6, null);
            if (permitted) {
                n.breaker().onSuccess(nanos, TimeUnit.NANOSECONDS);
            }
            if (n.config().discoversModels()) {
                n.discovered(n.backend().kind().models().stream().map(Backend.DiscoveredModel::name).toList());
            }
        } catch (GatewayException | IllegalStateException e) {
            long nanos = System.nanoTime() - start;
            n.probed(false, nanos / 1e6, e.getMessage());
            metrics.nodeFailure(n.name(), "probe");
            if (permitted) {
                n.breaker().onError(nanos, TimeUnit.NANOSECONDS, e);
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
