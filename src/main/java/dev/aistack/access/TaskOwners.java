package dev.aistack.access;

import dev.aistack.errors.ErrorCode;
import dev.aistack.errors.GatewayException;
import dev.aistack.store.StateStore;
import dev.aistack.store.StateStoreException;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which key a task id belongs to, so a key sees only its own tasks. The first key to use a task id owns it for as
 * long as its status is kept; another key using the same id gets 409 task_conflict (it could otherwise overwrite
 * the owner's status). Each key also has its own newest-first index for the task list.
 */
final class TaskOwners {
    private static final int INDEX_SIZE = 10_000;

    private final StateStore store;
    private final Duration ttl;
    private final Clock clock;

    TaskOwners(StateStore store, Duration ttl, Clock clock) {
        this.store = store;
        this.ttl = ttl;
        this.clock = clock;
    }

    void claim(String taskId, String keyId) {
        if (!store.putIfAbsent(ownerKey(taskId), keyId, ttl)) {
            Optional<String> owner = store.get(ownerKey(taskId));
            if (owner.isPresent() && !owner.get().equals(keyId)) {
                throw new GatewayException(ErrorCode.TASK_CONFLICT, "Task id " + taskId + " is in use; choose another "
                        + "X-Task-Id.", "X-Task-Id");
            }
            store.put(ownerKey(taskId), keyId, ttl);
        }
        store.indexAdd(indexKey(keyId), taskId, clock.millis(), INDEX_SIZE);
    }

    boolean owns(String keyId, String taskId) {
        try {
            return store.get(ownerKey(taskId)).map(keyId::equals).orElse(false);
        } catch (StateStoreException e) {
            throw Authenticator.storeDown(e);
        }
    }

    List<String> newest(String keyId, int limit) {
        try {
            return new ArrayList<>(store.indexNewest(indexKey(keyId), limit));
        } catch (StateStoreException e) {
            throw Authenticator.storeDown(e);
        }
    }

    private static String ownerKey(String taskId) {
        return "task-owner:" + taskId;
    }

    private static String indexKey(String keyId) {
        return "tasks-of:" + keyId;
    }
}
