package dev.aistack.tasks;

import java.time.Duration;

/**
 * What one task still has to write to the store, merged: only its newest record (a terminal one is never
 * replaced), each other chore at most once. The writer does the chores in this order: take or renew the lock,
 * add the id to the index, write the record, release the lock; so the lock goes only after the final record.
 *
 * @param owner       the task's lock token, unique per task (also the writer's key for it)
 * @param holdLock    take the lock if it is free, or renew it if it is this task's
 * @param indexScore  the index score to add the id with, or {@link #NO_INDEX}
 * @param record      the newest record to write, or null
 * @param releaseLock release the lock if it is still this task's (the task ended)
 */
record PendingWrites(String taskId, String owner, boolean holdLock, long indexScore, TaskRecord record,
                     Duration recordTtl, boolean releaseLock) {
    static final long NO_INDEX = Long.MIN_VALUE;

    static PendingWrites record(String taskId, String owner, TaskRecord record, Duration ttl) {
        return new PendingWrites(taskId, owner, false, NO_INDEX, record, ttl, false);
    }

    /** This (older) set of writes followed by a newer one for the same task. */
    PendingWrites then(PendingWrites newer) {
        boolean keepOurs = newer.record == null || (record != null && record.state().terminal());
        return new PendingWrites(taskId, owner, holdLock || newer.holdLock,
                indexScore != NO_INDEX ? indexScore : newer.indexScore,
                keepOurs ? record : newer.record, keepOurs ? recordTtl : newer.recordTtl,
                releaseLock || newer.releaseLock);
    }

    PendingWrites withHoldLock() {
        return new PendingWrites(taskId, owner, true, indexScore, record, recordTtl, releaseLock);
    }

    PendingWrites withIndex(long score) {
        return new PendingWrites(taskId, owner, holdLock, score, record, recordTtl, releaseLock);
    }

    PendingWrites withRelease() {
        return new PendingWrites(taskId, owner, holdLock, indexScore, record, recordTtl, true);
    }

    PendingWrites lockHeld() {
        return new PendingWrites(taskId, owner, false, indexScore, record, recordTtl, releaseLock);
    }

    PendingWrites indexed() {
        return new PendingWrites(taskId, owner, holdLock, NO_INDEX, record, recordTtl, releaseLock);
    }

    PendingWrites recorded() {
        return new PendingWrites(taskId, owner, holdLock, indexScore, null, null, releaseLock);
    }

    PendingWrites released() {
        return new PendingWrites(taskId, owner, holdLock, indexScore, record, recordTtl, false);
    }

    boolean done() {
        return !holdLock && indexScore == NO_INDEX && record == null && !releaseLock;
    }
}
