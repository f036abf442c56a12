package dev.aistack.tasks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aistack.usage.Usage;

import java.time.Instant;
import java.util.UUID;

/**
 * One status document, as stored and as served by /tasks/status. Each update is a new event (new event_id) about
 * the same task_id; the newest replaces the previous one in the store.
 */
record TaskRecord(String taskId, TaskState state, String stage, String message, String method, String path,
                  boolean stream, String model, Usage usage, Instant timestamp, String node) {
    static final String VERSION = "1.0";
    static final String EVENT_TYPE = "task.status.update";
    private static final ObjectMapper JSON = new ObjectMapper();

    TaskRecord with(TaskState newState, String newStage, String newMessage, Usage newUsage, Instant now) {
        return new TaskRecord(taskId, newState, newStage, newMessage, method, path, stream, model, newUsage, now, node);
    }

    /** The backend node serving the task (null until one was chosen). */
    TaskRecord withNode(String newNode) {
        return new TaskRecord(taskId, state, stage, message, method, path, stream, model, usage, timestamp, newNode);
    }

    /** Unique, not secret: a fast random source (UUID.randomUUID takes SecureRandom's lock on every record). */
    private static String eventId() {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        return new UUID((r.nextLong() & ~0xF000L) | 0x4000L, (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L)
                .toString();
    }

    String toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("version", VERSION);
        n.put("event_type", EVENT_TYPE);
        n.put("event_id", eventId());
        // The "algorithm" a task runs is the model it asked for; the gateway's own name when there is none.
        n.put("algorithm_id", model == null ? "aistack" : model);
        n.put("task_id", taskId);
        n.put("state", state.name());
        n.put("stage", stage);
        if (message == null) {
            n.putNull("message");
        } else {
            n.put("message", message);
        }
        ObjectNode ext = n.putObject("extensions");
        ext.put("method", method);
        ext.put("path", path);
        ext.put("stream", stream);
        if (model == null) {
            ext.putNull("model");
        } else {
            ext.put("model", model);
        }
        if (node != null) {
            ext.put("node", node);
        }
        ObjectNode tokens = ext.putObject("tokens");
        tokens.put("prompt", usage.promptTokens());
        tokens.put("completion", usage.completionTokens());
        tokens.put("reported", usage.reported());
        n.put("timestamp", timestamp.toString());
        return n.toString();
    }
}
