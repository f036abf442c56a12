package dev.aistack.scheduling;

import dev.aistack.errors.ErrorCode;
import dev.aistack.errors.GatewayException;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Admission control: at most N upstream calls in flight. There is no queue: when every slot is taken the
 * request is refused at once with 503 gpu_busy and Retry-After, so clients back off instead of piling up
 * on a GPU that can only run one generation at a time.
 */
public final class GpuSlots {
    private final int capacity;
    private final Semaphore permits;
    private final Runnable onReject;

    public GpuSlots(int capacity, Runnable onReject) {
        this.capacity = capacity;
        this.permits = new Semaphore(capacity);
        this.onReject = onReject;
    }

    /** A held slot; closing it more than once releases it once. */
    public final class Slot implements AutoCloseable {
        private final AtomicBoolean held = new AtomicBoolean(true);

        @Override
        public void close() {
            if (held.compareAndSet(true, false)) {
                permits.release();
            }
        }
    }

    public Slot acquire() {
        if (!permits.tryAcquire()) {
            onReject.run();
            throw new GatewayException(ErrorCode.GPU_BUSY, "All " + capacity
                    + " GPU slot(s) are busy with other requests; retry after the Retry-After delay.");
        }
        return new Slot();
    }

    public int inUse() {
        return capacity - permits.availablePermits();
    }

    public int capacity() {
        return capacity;
    }
}
