package dev.aistack.tasks;

import dev.aistack.usage.Usage;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** One request's task, moved along by the inference path; a stream's RUNNING record is refreshed as a heartbeat. */
public final class Task implements Progress {
    private final TaskTracker tracker;
    private volatile TaskRecord current;
    private volatile ScheduledFuture<?> heartbeat;

    Task(TaskTracker tracker, TaskRecord pending) {
        this.tracker = tracker;
        this.current = pending;
    }

    public String id() {
        return current.taskId();
    }

    @Override
    public void forwarding() {
        update(TaskState.RUNNING, "forwarding", null, current.usage());
    }

    @Override
    public void streaming() {
        update(TaskState.RUNNING, "streaming", null, current.usage());
        Duration every = tracker.timing().heartbeat();
        heartbeat = tracker.heartbeats().scheduleAtFixedRate(
                () -> update(TaskState.RUNNING, "streaming", null, current.usage()),
                every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void tokens(Usage soFar) {
        current = current.with(current.state(), current.stage(), current.message(), soFar, current.timestamp());
    }

    public void succeeded(Usage usage) {
        finish(TaskState.SUCCESS, "completed", null, usage);
    }

    /** message: the catalog code or the upstream status, e.g. "gpu_busy" or "upstream status 404". */
    public void failed(String stage, String message, Usage usage) {
        finish(TaskState.FAILED, stage, message, usage);
    }

    private synchronized void finish(TaskState state, String stage, String message, Usage usage) {
        ScheduledFuture<?> beat = heartbeat;
        if (beat != null) {
            beat.cancel(false);
        }
        TaskRecord done = current.with(state, stage, message, usage, tracker.clock().instant());
        current = done;
        write(done, tracker.timing().doneTtl());
        tracker.release(done.taskId());
    }

    private synchronized void update(TaskState state, String stage, String message, Usage usage) {
        if (current.state().terminal()) {
            return; // a late heartbeat must not revive a finished task
        }
        TaskRecord next = current.with(state, stage, message, usage, tracker.clock().instant());
        current = next;
        write(next, tracker.timing().activeTtl());
    }

    void write(TaskRecord record, Duration ttl) {
        tracker.save(record, ttl);
    }
}
