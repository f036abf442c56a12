package dev.aistack.http;

import dev.aistack.errors.ErrorCode;
import dev.aistack.errors.GatewayException;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Graceful shutdown. Helidon's stop interrupts requests in flight, so on SIGTERM the gateway first refuses new
 * requests (503 shutting_down, Connection: close) and waits, up to the grace period, for running ones (long
 * streams included) to finish; only then is the server stopped.
 */
public final class Drain implements Filter {
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong admitted = new AtomicLong();
    private final Object idle = new Object();
    private final ErrorResponses errors;
    private volatile boolean draining;

    public Drain(ErrorResponses errors) {
        this.errors = errors;
    }

    // Probes keep answering while draining: /readyz must say "not ready" so load balancers move traffic away.
    private static final Set<String> PROBES = Set.of("/healthz", "/livez", "/readyz", "/metrics");

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (PROBES.contains(req.prologue().uriPath().path())) {
            chain.proceed();
            return;
        }
        if (draining) {
            res.header(HeaderValues.CONNECTION_CLOSE);
            errors.send(req, res, new GatewayException(ErrorCode.SHUTTING_DOWN,
                    "The gateway is shutting down; retry on another replica or after it restarts."));
            return;
        }
        inFlight.incrementAndGet();
        admitted.incrementAndGet();
        try {
            chain.proceed();
        } finally {
            if (inFlight.decrementAndGet() == 0) {
                synchronized (idle) {
                    idle.notifyAll();
                }
            }
        }
    }

    public boolean draining() {
        return draining;
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** Requests admitted since start (probes not counted): whether the gateway is busy. */
    public long admitted() {
        return admitted.get();
    }

    /** Stops admitting requests and waits for those in flight; true when all finished within the grace period. */
    public boolean drain(Duration grace) {
        draining = true;
        long deadline = System.nanoTime() + grace.toNanos();
        synchronized (idle) {
            while (inFlight.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    idle.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }
}
