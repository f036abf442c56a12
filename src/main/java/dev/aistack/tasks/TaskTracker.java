package dev.aistack.tasks;

import dev.aistack.config.GatewayConfig;
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
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Task status in the state store, kept off the request's path: every status write is queued for the
 * {@link StatusWriter}. The one store call a request waits for is the X-Task-Id conflict check, and only when the
 * client chose the id; it waits at most the store timeout. Status is best effort: when the store is down the
 * request is still served, the failure is counted and logged, and queued writes land once it answers again.
 */
public final class TaskTracker implements AutoCloseable {
    static final String INDEX = "tasks";
    private static final int INDEX_SIZE = 10_000;
    private static final Duration SHORTEST_LOCK = Duration.ofSeconds(1);
    private static final Logger LOG = Logger.getLogger(TaskTracker.class.getName());

    /**
     * TTLs, heartbeat period and the longest wait for the store on a request's path; see AISTACK_TASK_* and
     * AISTACK_REDIS_TIMEOUT.
     */
    public record Timing(Duration activeTtl, Duration doneTtl, Duration heartbeat, Duration storeWait) {
        /** Two heartbeats (at least a second): renewed every heartbeat, it outlives its request by at most that. */
        Duration lockTtl() {
            Duration two = heartbeat.multipliedBy(2);
            return two.compareTo(SHORTEST_LOCK) < 0 ? SHORTEST_LOCK : two;
        }
    }

    private final StateStore store;
    private final Timing timing;
    private final Runnable onStoreError;
    private final Clock clock;
    private final StatusWriter writer;
    // One beat of every running task each heartbeat period, from one timer thread; a beat only queues writes. Not a
    // timer per task: scheduling one woke the timer thread on every request (a context switch on a busy core).
    private final Set<Task> running = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("aistack-task-heartbeat").factory());
    // The conflict check runs here so that the request can stop waiting for it after storeWait, whatever the store.
    private final ExecutorService lockChecks = Executors.newVirtualThreadPerTaskExecutor();

    public TaskTracker(StateStore store, Timing timing, int maxQueuedTasks, Runnable onStoreError, Clock clock) {
        this.store = store;
        this.timing = timing;
        this.onStoreError = onStoreError;
        this.clock = clock;
        this.writer = new StatusWriter(new StoreChores(), maxQueuedTasks);
        long every = timing.heartbeat().toMillis();
        heartbeats.scheduleAtFixedRate(this::beatAll, every, every, TimeUnit.MILLISECONDS);
    }

    /** A beat that fails must not stop the timer: a periodic task that throws is never run again. */
    private void beatAll() {
        for (Task task : running) {
            try {
                task.beat();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "task heartbeat failed", e);
            }
        }
    }

    /** The gateway's tracker, from its settings. */
    public static TaskTracker create(GatewayConfig config, StateStore store, Runnable onStoreError) {
        return new TaskTracker(store, new Timing(config.taskTtlActive(), config.taskTtlDone(), config.taskHeartbeat(),
                config.redisTimeout()), config.tasksMax(), onStoreError, Clock.systemUTC());
    }

    /** Accepts a task whose id the client chose (PENDING); 409 when that id is still pending or running. */
    public Task begin(String taskId, String method, String path, boolean stream, String model) {
        return begin(taskId, true, method, path, stream, model);
    }

    /**
     * Accepts a task (PENDING). clientChose: the id came in X-Task-Id, so it may be in use (409 when it is still
     * pending or running, checked at once); a generated id is random, so its lock is taken in the background.
     */
    public Task begin(String taskId, boolean clientChose, String method, String path, boolean stream, String model) {
        String owner = UUID.randomUUID().toString();
        Boolean held = clientChose ? lockNow(taskId, owner) : null;
        if (Boolean.FALSE.equals(held)) {
            throw new GatewayException(ErrorCode.TASK_CONFLICT, "Task " + taskId + " is still running; use a "
                    + "new X-Task-Id or wait until it ends.", "X-Task-Id");
        }
        TaskRecord pending = new TaskRecord(taskId, TaskState.PENDING, "accepted", null, method, path, stream, model,
                Usage.NONE, clock.instant(), null);
        Task task = new Task(this, pending, owner);
        PendingWrites first = PendingWrites.record(taskId, owner, pending, timing.activeTtl())
                .withIndex(clock.millis());
        submit(held == null ? first.withHoldLock() : first); // not taken yet: the writer takes it
        startBeating(task);
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

    /** Whether every status write so far has landed (or been given up on); for tests and shutdown. */
    public boolean idle() {
        return writer.idle();
    }

    /** Stops the heartbeats and gives queued writes a moment to land; call before closing the store. */
    @Override
    public void close() {
        heartbeats.shutdownNow();
        lockChecks.shutdownNow();
        writer.close();
    }

    Timing timing() {
        return timing;
    }

    Clock clock() {
        return clock;
    }

    /** Beats once per heartbeat period from now until {@link #stopBeating}: its first beat within one period. */
    void startBeating(Task task) {
        running.add(task);
    }

    void stopBeating(Task task) {
        running.remove(task);
    }

    void submit(PendingWrites writes) {
        writer.submit(writes);
    }

    /** Takes the id's lock: true when taken, false when another task holds it, null when the store did not tell. */
    private Boolean lockNow(String taskId, String owner) {
        Future<Boolean> held = lockChecks.submit(() -> store.putIfAbsentOrSame(lockKey(taskId), owner,
                timing.lockTtl()));
        try {
            return held.get(timing.storeWait().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            storeFailed(new StateStoreException("the state store did not answer the task lock within "
                    + timing.storeWait().toMillis() + " ms", e));
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof StateStoreException down)) {
                throw new IllegalStateException("task lock failed", e.getCause());
            }
            storeFailed(down);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null; // serve anyway: a status store outage must not refuse requests
    }

    private void storeFailed(StateStoreException e) {
        onStoreError.run();
        if (e.repeat()) {
            return; // counted; the outage was logged when it started
        }
        LOG.log(Level.WARNING, "state store unavailable", new Object[]{Map.of("error", String.valueOf(e.getMessage()))});
    }

    /** The writer's store calls for one task. */
    private final class StoreChores implements StatusWriter.Chores {
        @Override
        public void holdLock(PendingWrites w) {
            store.putIfAbsentOrSame(lockKey(w.taskId()), w.owner(), timing.lockTtl());
        }

        @Override
        public void index(PendingWrites w) {
            store.indexAdd(INDEX, w.taskId(), w.indexScore(), INDEX_SIZE);
        }

        @Override
        public void record(PendingWrites w) {
            store.put(recordKey(w.taskId()), w.record().toJson(), w.recordTtl());
        }

        @Override
        public void releaseLock(PendingWrites w) {
            store.deleteIfSame(lockKey(w.taskId()), w.owner());
        }

        @Override
        public void failed(StateStoreException e) {
            storeFailed(e);
        }

        @Override
        public void dropped() {
            onStoreError.run();
        }
    }

    static String recordKey(String taskId) {
        return "task:" + taskId;
    }

    static String lockKey(String taskId) {
        return "task-running:" + taskId;
    }
}
