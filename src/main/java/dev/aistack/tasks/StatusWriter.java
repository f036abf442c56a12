package dev.aistack.tasks;

import dev.aistack.store.StateStore;
import dev.aistack.store.StateStoreException;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes task status to the store off the request's path, on one thread of its own. Per task, writes are merged
 * while they wait (a newer record replaces a queued non-terminal one; a terminal record is never replaced) and
 * done in order. A write that fails stays queued and is retried, with a growing pause, until the store answers
 * again: so a final state written during an outage lands when the store is back. The queue holds at most
 * maxTasks tasks; writes of further tasks are dropped (and counted) until it shrinks. When the queue runs empty
 * the thread pauses {@link #PACE_MILLIS} before it waits again: under load writes are then queued without waking
 * it for each (a wake-up per request is a context switch per request on a busy core), and merge meanwhile.
 */
final class StatusWriter implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(StatusWriter.class.getName());
    private static final long FIRST_PAUSE_MILLIS = 50;
    private static final long LONGEST_PAUSE_MILLIS = 1000;
    private static final long PACE_MILLIS = 5;

    /** The store calls, so this class only orders and retries them. */
    interface Chores {
        void holdLock(PendingWrites w);

        void index(PendingWrites w);

        void record(PendingWrites w);

        void releaseLock(PendingWrites w);

        /** A write failed; it stays queued. */
        void failed(StateStoreException e);

        /** A task's writes were dropped: the queue was full. */
        void dropped();
    }

    private final Chores chores;
    private final int maxTasks;
    private final Map<String, PendingWrites> pending = new ConcurrentHashMap<>();
    // Holds each key of pending exactly once (added when its entry appears), in the order tasks first queued.
    private final BlockingQueue<String> ready = new LinkedBlockingQueue<>();
    private final Thread worker;
    private volatile boolean busy;
    private volatile boolean dropping;
    private volatile String writing;
    private int failuresInARow;

    StatusWriter(Chores chores, int maxTasks) {
        this.chores = chores;
        this.maxTasks = maxTasks;
        this.worker = Thread.ofPlatform().daemon().name("aistack-task-writer").start(this::run);
    }

    /** Queues the writes; never blocks and never touches the store. */
    void submit(PendingWrites writes) {
        boolean[] fresh = {false};
        boolean[] full = {false};
        pending.compute(writes.owner(), (owner, queued) -> {
            if (queued != null) {
                return queued.then(writes);
            }
            if (queuedTasks() >= maxTasks) {
                full[0] = true;
                return null;
            }
            fresh[0] = true;
            return writes;
        });
        if (fresh[0]) {
            ready.add(writes.owner());
        } else if (full[0]) {
            dropped();
        }
    }

    /** Tasks with writes waiting, the one being written included (it is out of the map while written). */
    private int queuedTasks() {
        String current = writing;
        return pending.size() + (current != null && !pending.containsKey(current) ? 1 : 0);
    }

    /** Whether nothing is queued or being written. */
    boolean idle() {
        return pending.isEmpty() && !busy;
    }

    /** Gives queued writes up to grace to land, then stops the thread. */
    @Override
    public void close() {
        close(Duration.ofSeconds(2));
    }

    void close(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        while (!idle() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!idle()) {
            LOG.log(Level.WARNING, "task status writes not done at shutdown", new Object[]{Map.of("tasks",
                    pending.size())});
        }
        worker.interrupt();
    }

    private void run() {
        while (!Thread.currentThread().isInterrupted()) {
            String owner;
            try {
                owner = ready.take();
            } catch (InterruptedException e) {
                return;
            }
            busy = true;
            writing = owner; // counted against the bound while out of the map
            PendingWrites left = writeOut(pending.remove(owner));
            if (left != null) {
                requeue(left);
            }
            writing = null;
            busy = false;
            if (left == null) {
                failuresInARow = 0;
                dropping = false;
                if (ready.isEmpty() && !pause(PACE_MILLIS)) {
                    return;
                }
                continue;
            }
            if (!pause(Math.min(LONGEST_PAUSE_MILLIS, FIRST_PAUSE_MILLIS << Math.min(10, failuresInARow++)))) {
                return;
            }
        }
    }

    /** False when interrupted (stop). */
    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /** Does the chores in order; null when all are done, else what is left (from the one that failed on). */
    private PendingWrites writeOut(PendingWrites w) {
        try {
            if (w.holdLock() && !w.releaseLock()) { // a lock about to be released needs no renewal
                chores.holdLock(w);
            }
            w = w.lockHeld();
            if (w.indexScore() != PendingWrites.NO_INDEX) {
                chores.index(w);
                w = w.indexed();
            }
            if (w.record() != null) {
                chores.record(w);
                w = w.recorded();
            }
            if (w.releaseLock()) {
                chores.releaseLock(w);
                w = w.released();
            }
            return null;
        } catch (StateStoreException e) {
            chores.failed(e);
            return w;
        }
    }

    /** Puts unfinished writes back ahead of any that came meanwhile for the same task. */
    private void requeue(PendingWrites left) {
        boolean[] fresh = {false};
        pending.compute(left.owner(), (owner, newer) -> {
            if (newer == null) {
                fresh[0] = true;
                return left;
            }
            return left.then(newer);
        });
        if (fresh[0]) {
            ready.add(left.owner());
        }
    }

    private void dropped() {
        chores.dropped();
        if (!dropping) {
            dropping = true;
            LOG.log(Level.WARNING, "task status queue full; writes of new tasks are dropped until the store "
                    + "catches up", new Object[]{Map.of("max_tasks", maxTasks)});
        }
    }
}
