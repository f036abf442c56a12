package dev.aistack.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Duration;
import java.util.function.Supplier;

/** Reads a task's status until it reaches a final state (bounded): task writes may land just after the answer. */
public final class TaskPoll {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TaskPoll() {
    }

    /**
     * Sends a request that reuses a finished task's id until it is no longer 409 (the lock's release is the write
     * after the final state, so it lands just after it), for at most 10 s; the last status.
     */
    public static int statusOnceUnlocked(Supplier<Http.Response> send) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int status = send.get().status();
        while (status == 409 && System.nanoTime() < deadline) {
            Thread.sleep(20);
            status = send.get().status();
        }
        return status;
    }

    /** The task's record once its state is SUCCESS or FAILED; fails after 10 s. {@code headers}: name, value... */
    public static JsonNode finalState(RunningGateway gw, String taskId, String... headers) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            Http.Response r = Http.get(gw, "/tasks/status/{task_id}", "/tasks/status/" + taskId, headers);
            if (r.status() == 200) {
                last = JSON.readTree(r.body());
                String state = last.path("state").asText();
                if (state.equals("SUCCESS") || state.equals("FAILED")) {
                    return last;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("task " + taskId + " never reached a final state; last: " + last);
    }
}
