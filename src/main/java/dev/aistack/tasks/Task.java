package dev.aistack.tasks;

import dev.aistack.usage.Usage;

/**
 * One request's task, moved along by the inference path. Every change is queued for the store (never waited
 * for). A heartbeat renews the task's short-lived lock while it runs, and refreshes a stream's RUNNING record.
 */
public final class Task implements Progress {
    private final TaskTracker tracker;
    private final String owner;
    private volatile TaskRecord current;

    Task(TaskTracker tracker, TaskRecord pending, String owner) {
        this.tracker = tracker;
        this.current = pending;
        this.owner = owner;
    }

    public String id() {
        return current.taskId();
    }

    @Override
    public void forwarding() {
        update("forwarding");
    }

    @Override
    public void streaming() {
        update("streaming");
    }

    @Override
    public synchronized void node(String name) {
        current = current.withNode(name);
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

    String owner() {
        return owner;
    }

    /** From the tracker's heartbeat: renews the lock, and a quiet stream's RUNNING record. */
    synchronized void beat() {
        if (current.state().terminal()) {
            return; // a late heartbeat must not revive a finished task
        }
        PendingWrites renew = new PendingWrites(id(), owner, true, PendingWrites.NO_INDEX, null, null, false);
        if ("streaming".equals(current.stage())) { // a quiet stream still shows it is alive, with its tokens
            current = current.with(TaskState.RUNNING, "streaming", null, current.usage(), tracker.clock().instant());
            renew = PendingWrites.record(id(), owner, current, tracker.timing().activeTtl()).withHoldLock();
        }
        tracker.submit(renew);
    }

    private synchronized void finish(TaskState state, String stage, String message, Usage usage) {
        if (current.state().terminal()) {
            return;
        }
        tracker.stopBeating(this);
        current = current.with(state, stage, message, usage, tracker.clock().instant());
        tracker.submit(PendingWrites.record(id(), owner, current, tracker.timing().doneTtl()).withRelease());
    }

    private synchronized void update(String stage) {
        if (current.state().terminal()) {
            return;
        }
        current = current.with(TaskState.RUNNING, stage, null, current.usage(), tracker.clock().instant());
        tracker.submit(PendingWrites.record(id(), owner, current, tracker.timing().activeTtl()));
    }
}
