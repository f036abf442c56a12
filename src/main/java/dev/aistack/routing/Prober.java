package dev.aistack.routing;

import dev.aistack.errors.GatewayException;
import dev.aistack.observe.GatewayMetrics;
import dev.aistack.upstream.Backend;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Probes every node in the background with the cheapest call of its kind, every AISTACK_PROBE_INTERVAL: the result
 * sets the node up or down (for /readyz and the candidate order), feeds its circuit breaker (an open breaker's
 * half-open trial can be a probe), and, when the node answers, its models are discovered again.
 */
public final class Prober implements AutoCloseable {
    private static final Duration FIRST_ROUND_WAIT = Duration.ofSeconds(3);

    private final Router router;
    private final GatewayMetrics metrics;
    private boolean started;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("aistack-prober").factory());

    public Prober(Router router, GatewayMetrics metrics) {
        this.router = router;
        this.metrics = metrics;
    }

    /**
     * First round at once, then every interval. Waits for the first round (at most FIRST_ROUND_WAIT, so a node that
     * never answers does not hold the start): requests that come right after start are then routed by what the
     * nodes serve, and a model no node serves is the gateway's model_not_found rather than a node's own 404.
     */
    public synchronized void start(Duration interval) {
        if (started) {
            return;
        }
        started = true;
        CountDownLatch firstRound = new CountDownLatch(1);
        timer.scheduleWithFixedDelay(() -> {
            probeAll();
            firstRound.countDown();
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        try {
            firstRound.await(FIRST_ROUND_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
