package dev.aistack.tasks;

import dev.aistack.errors.ErrorCode;
import dev.aistack.errors.GatewayException;
import dev.aistack.store.StateStore;
import dev.aistack.store.StateStoreException;
import dev.aistack.usage.Usage;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes task status to the state store as requests move through the gateway. Status is best effort: when the
 * store is down the request is still served, the failure is counted and logged, and writes resume by themselves.
 */
public final class TaskTracker {
    static final String INDEX = "tasks";
    private static final int INDEX_SIZE = 10_000;
    private static final Logger LOG = Logger.getLogger(TaskTracker.class.getName());

    /** TTLs and heartbeat period; see AISTACK_TASK_* settings. */
    public record Timing(Duration activeTtl, Duration doneTtl, Duration heartbeat) {
    }

    private final StateStore store;
    private final Timing timing;
    private final Runnable onStoreError;
    private final Clock clock;
    // One timer thread for every stream's heartbeat; the writes themselves are quick store calls.
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("aistack-task-heartbeat").factory());

    public TaskTracker(StateStore store, Timing timing, Runnable onStoreError, Clock clock) {
        this.store = store;
        this.timing = timing;
        this.onStoreError = onStoreError;
        this.clock = clock;
    }

    /** Accepts a task (PENDING); 409 when the same id is still pending or running. */
    public Task begin(String taskId, String method, String path, boolean stream, String model) {
        TaskRecord pending = new TaskRecord(taskId, TaskState.PENDING, "accepted", null, method, path, stream, model,
                Usage.NONE, clock.instant());
        try {
            if (!store.putIfAbsent(lockKey(taskId), "1", timing.activeTtl())) {
                throw new GatewayException(ErrorCode.TASK_CONFLICT, "Task " + taskId + " is still running; use a "
                        + "new X-Task-Id or wait until it ends.", "X-Task-Id");
            }
        } catch (StateStoreException e) {
            storeFailed("task lock", e); // cannot check for reuse while the store is down: serve anyway
        }
        Task task = new Task(this, pending);
        task.write(pending, timing.activeTtl());
        tryStore("task index", () -> store.indexAdd(INDEX, taskId, clock.millis(), INDEX_SIZE));
        return task;
    }

    public Optional<String> find(String taskId) {
        return store.get(recordKey(taskId));
    }

    /** Newest first; ids whose record has expired are skipped (and dropped from the index). */
    public List<String> newest(int limit) {
        List<String> out = new java.util.ArrayList<>();
        for (String id : store.indexNewest(INDEX, Math.min(INDEX_SIZE, limit * 2 + 10))) {
            Optional<String> record = store.get(recordKey(id));
            if (record.isPresent()) {
                out.add(record.get());
                if (out.size() == limit) {
                    break;
                }
            } else {
                store.indexRemove(INDEX, id);
            }
        }
        return out;
    }

    Timing timing() {
        return timing;
    }

    Clock clock() {
        return clock;
    }

    ScheduledExecutorService heartbeats() {
        return heartbeats;
    }

    void save(TaskRecord record, Duration ttl) {
        tryStore("task status", () -> store.put(recordKey(record.taskId()), record.toJson(), ttl));
    }

    void release(String taskId) {
        tryStore("task lock", () -> store.delete(lockKey(taskId)));
    }

    private void tryStore(String what, Runnable write) {
        try {
            write.run();
        } catch (StateStoreException e) {
            storeFailed(what, e);
        }
    }

    private void storeFailed(String what, StateStoreException e) {
        onStoreError.run();
        if (e.repeat()) {
            return; // counted; the outage was logged when it started
        }
        LOG.log(Level.WARNING, "state store unavailable", new Object[]{Map.of("write", what, "error",
                String.valueOf(e.getMessage()))});
    }

    static String recordKey(String taskId) {
        return "task:" + taskId;
    }

    static String lockKey(String taskId) {
        return "task-running:" + taskId;
    }
}
