package dev.aistack.tasks;

import dev.aistack.store.StateStoreException;
import dev.aistack.usage.Usage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The writer against a slow store that fails now and then: a store is no user-facing part, so a fake will do. */
class StatusWriterTest {
    private static final Duration TTL = Duration.ofMinutes(1);

    /** Records what each task had written, in order; sleeps on each call, and fails while told to. */
    private static final class SlowStore implements StatusWriter.Chores {
        final Map<String, List<String>> written = new ConcurrentHashMap<>();
        final AtomicInteger failuresLeft = new AtomicInteger();
        final AtomicInteger failures = new AtomicInteger();
        final AtomicInteger drops = new AtomicInteger();
        volatile boolean down;

        private void call(PendingWrites w, String what) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (down || failuresLeft.getAndDecrement() > 0) {
                throw new StateStoreException("store says no", null);
            }
            written.computeIfAbsent(w.taskId(), k -> new ArrayList<>()).add(what);
        }

        @Override
        public void holdLock(PendingWrites w) {
            call(w, "lock");
        }

        @Override
        public void index(PendingWrites w) {
            call(w, "index");
        }

        @Override
        public void record(PendingWrites w) {
            call(w, w.record().state().name());
        }

        @Override
        public void releaseLock(PendingWrites w) {
            call(w, "release");
        }

        @Override
        public void failed(StateStoreException e) {
            failures.incrementAndGet();
        }

        @Override
        public void dropped() {
            drops.incrementAndGet();
        }
    }

    private final SlowStore store = new SlowStore();
    private StatusWriter writer;

    @AfterEach
    void stop() {
        writer.close(Duration.ZERO);
    }

    private static TaskRecord record(String taskId, TaskState state, String stage) {
        return new TaskRecord(taskId, state, stage, null, "POST", "/v1/chat/completions", true, "m", Usage.NONE,
                Instant.now(), null);
    }

    /** What the inference path queues for one task: begin, forwarding, a few stream heartbeats, the end. */
    private void runTask(String taskId, TaskState end) {
        String owner = "owner-" + taskId;
        writer.submit(PendingWrites.record(taskId, owner, record(taskId, TaskState.PENDING, "accepted"), TTL)
                .withIndex(1).withHoldLock());
        writer.submit(PendingWrites.record(taskId, owner, record(taskId, TaskState.RUNNING, "forwarding"), TTL));
        for (int beat = 0; beat < 5; beat++) {
            writer.submit(PendingWrites.record(taskId, owner, record(taskId, TaskState.RUNNING, "streaming"), TTL)
                    .withHoldLock());
        }
        writer.submit(PendingWrites.record(taskId, owner, record(taskId, end, "completed"), TTL).withRelease());
    }

    private static boolean within(Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    @Test
    void neverLosesAFinalStateAndKeepsEachTasksWritesInOrder() throws Exception {
        writer = new StatusWriter(store, 1000);
        store.failuresLeft.set(5);
        try (ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 40; i++) {
                String taskId = "t" + i;
                TaskState end = i % 3 == 0 ? TaskState.FAILED : TaskState.SUCCESS;
                requests.submit(() -> runTask(taskId, end));
            }
        }
        assertTrue(within(Duration.ofSeconds(20), writer::idle), "the writes never all landed");
        assertTrue(store.failures.get() > 0, "the store never failed: the test proved nothing about retries");
        for (int i = 0; i < 40; i++) {
            List<String> seen = store.written.get("t" + i);
            String end = i % 3 == 0 ? "FAILED" : "SUCCESS";
            assertEquals(List.of(end, "release"), seen.subList(seen.size() - 2, seen.size()),
                    "t" + i + " did not end with its final record, then the lock's release: " + seen);
            List<String> states = seen.stream().filter(s -> !s.equals("lock") && !s.equals("index")
                    && !s.equals("release")).toList();
            for (int k = 1; k < states.size(); k++) {
                assertTrue(TaskState.valueOf(states.get(k - 1)).ordinal() <= TaskState.valueOf(states.get(k)).ordinal(),
                        "t" + i + " went back in its lifecycle: " + seen);
            }
            assertEquals(1, states.stream().filter(s -> s.equals(end)).count(), "t" + i + ": " + seen);
        }
    }

    @Test
    void writesAFinalStateQueuedDuringAnOutageOnceTheStoreAnswersAgain() throws Exception {
        writer = new StatusWriter(store, 1000);
        store.down = true;
        runTask("ended-while-down", TaskState.SUCCESS);
        assertTrue(within(Duration.ofSeconds(10), () -> store.failures.get() >= 3), "the writer stopped retrying");
        assertTrue(store.written.isEmpty());
        store.down = false;
        assertTrue(within(Duration.ofSeconds(10), writer::idle), "the queued writes never landed");
        // Merged while queued: the newest record only, and no lock taken just to be released.
        assertEquals(List.of("index", "SUCCESS", "release"), store.written.get("ended-while-down"));
    }

    @Test
    void dropsTheWritesOfNewTasksOnceItsQueueIsFullAndCountsThem() throws Exception {
        writer = new StatusWriter(store, 2);
        store.down = true;
        runTask("first", TaskState.SUCCESS);
        runTask("second", TaskState.SUCCESS);
        runTask("third", TaskState.SUCCESS);
        assertTrue(store.drops.get() > 0, "a task beyond the bound was queued");
        assertTrue(within(Duration.ofSeconds(10), () -> store.failures.get() > 0), "the writer never tried");
        store.down = false;
        assertTrue(within(Duration.ofSeconds(10), writer::idle), "the queued writes never landed");
        assertEquals(List.of("index", "SUCCESS", "release"), store.written.get("first"));
        assertEquals(List.of("index", "SUCCESS", "release"), store.written.get("second"));
        assertEquals(null, store.written.get("third"));
    }
}
