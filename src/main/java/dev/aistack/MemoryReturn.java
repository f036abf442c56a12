package dev.aistack;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Gives back the heap a busy spell grew into, once the gateway is quiet. Under load the serial collector grows the
 * heap (short-lived objects still in flight at a young collection are promoted, and the old generation expands
 * for them before it is collected), and it shrinks only after a full collection, which a quiet gateway never
 * triggers: without this a gateway would keep its peak memory for good. One full collection, when no request came
 * for {@link #QUIET} and the heap is half again what it was after the last one, returns it (bin/jvm.options bounds
 * the free heap a collection keeps). Requests in flight, such as long streams, see one short pause.
 */
final class MemoryReturn implements AutoCloseable {
    static final Duration QUIET = Duration.ofSeconds(5);

    private final LongSupplier requestsServed;
    private final LongSupplier heapCommitted;
    private final Runnable collect;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("aistack-memory-return").factory());
    private long lastCount;
    private long committedAfterReturn;

    MemoryReturn(LongSupplier requestsServed, LongSupplier heapCommitted, Runnable collect) {
        this.requestsServed = requestsServed;
        this.heapCommitted = heapCommitted;
        this.collect = collect;
        this.lastCount = requestsServed.getAsLong();
        this.committedAfterReturn = heapCommitted.getAsLong();
    }

    /** For the running gateway: the JVM's own heap and collector. */
    static MemoryReturn forThisJvm(LongSupplier requestsServed) {
        return new MemoryReturn(requestsServed, Runtime.getRuntime()::totalMemory, System::gc);
    }

    void start() {
        timer.scheduleWithFixedDelay(this::check, QUIET.toMillis(), QUIET.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One look: collects when no request came since the last look and the heap grew since the last collection. */
    void check() {
        long served = requestsServed.getAsLong();
        boolean quiet = served == lastCount;
        lastCount = served;
        if (quiet && heapCommitted.getAsLong() > committedAfterReturn * 3 / 2) {
            collect.run();
            committedAfterReturn = heapCommitted.getAsLong();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
