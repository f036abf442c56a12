package dev.aistack.tasks;

/** A task's lifecycle: PENDING (accepted) → RUNNING (forwarded) → SUCCESS | FAILED. */
public enum TaskState {
    PENDING, RUNNING, SUCCESS, FAILED;

    public boolean terminal() {
        return this == SUCCESS || this == FAILED;
    }
}
