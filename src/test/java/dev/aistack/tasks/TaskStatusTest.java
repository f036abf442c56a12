package dev.aistack.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aistack.support.FakeOllama;
import dev.aistack.support.Http;
import dev.aistack.support.RunningGateway;
import dev.aistack.support.TaskPoll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Task status with the in-memory store (the Redis store runs the same contract in store/). */
class TaskStatusTest {
    private static final String CHAT = "/v1/chat/completions";
    private static final String HELLO = "{\"model\":\"llama3.2:1b\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String STREAM = "{\"model\":\"llama3.2:1b\",\"stream\":true,\"messages\":[]}";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeOllama ollama = FakeOllama.start();
    private final RunningGateway gateway = RunningGateway.inFrontOf(ollama.url(), "AISTACK_TASK_HEARTBEAT", "100ms");

    @AfterEach
    void stop() {
        gateway.close();
        ollama.close();
    }

    static JsonNode status(RunningGateway gw, String taskId) throws Exception {
        Http.Response r = Http.get(gw, "/tasks/status/{task_id}", "/tasks/status/" + taskId);
        assertEquals(200, r.status(), r.text());
        return JSON.readTree(r.body());
    }

    /** Polls a task's status (bounded) until it satisfies the condition; a second client watching the first. */
    static JsonNode awaitStatus(RunningGateway gw, String taskId, Predicate<JsonNode> until) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            Http.Response r = Http.get(gw, "/tasks/status/{task_id}", "/tasks/status/" + taskId);
            if (r.status() == 200) {
                last = JSON.readTree(r.body());
                if (until.test(last)) {
                    return last;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("task " + taskId + " never reached the expected status; last: " + last);
    }

    private static Predicate<JsonNode> state(String state) {
        return n -> state.equals(n.path("state").asText());
    }

    @Test
    void givesEveryInferenceRequestATaskAndRecordsItsOutcome() throws Exception {
        Http.Response r = Http.postJson(gateway, CHAT, HELLO);
        String taskId = r.header("X-Task-Id");
        assertTrue(taskId.matches("[0-9a-f-]{36}"), taskId);
        JsonNode done = awaitStatus(gateway, taskId, state("SUCCESS"));
        assertEquals("task.status.update", done.path("event_type").asText());
        assertEquals("1.0", done.path("version").asText());
        assertEquals("llama3.2:1b", done.path("algorithm_id").asText());
        assertEquals("completed", done.path("stage").asText());
        assertEquals("POST", done.path("extensions").path("method").asText());
        assertEquals(CHAT, done.path("extensions").path("path").asText());
        assertEquals(30, done.path("extensions").path("tokens").path("prompt").asInt());
        assertEquals(2, done.path("extensions").path("tokens").path("completion").asInt());
    }

    @Test
    void showsTheLifecycleToASecondClientWhileAStreamRuns() throws Exception {
        ollama.pauseAfterFirstEvent();
        CompletableFuture<Http.Response> stream = CompletableFuture.supplyAsync(
                () -> Http.postJson(gateway, CHAT, STREAM, "X-Task-Id", "report-42"));
        JsonNode running = awaitStatus(gateway, "report-42", n -> "streaming".equals(n.path("stage").asText()));
        assertEquals("RUNNING", running.path("state").asText());
        assertEquals(true, running.path("extensions").path("stream").asBoolean());
        // The heartbeat refreshes the RUNNING record while the stream is quiet.
        JsonNode beat = awaitStatus(gateway, "report-42", n -> !n.path("event_id").equals(running.path("event_id")));
        assertEquals("RUNNING", beat.path("state").asText());
        assertNotEquals(running.path("timestamp").asText(), beat.path("timestamp").asText());
        ollama.continueStream();
        assertEquals("report-42", stream.get().header("X-Task-Id"));
        JsonNode done = awaitStatus(gateway, "report-42", state("SUCCESS"));
        assertEquals(26, done.path("extensions").path("tokens").path("prompt").asInt());
        assertTrue(done.path("extensions").path("tokens").path("reported").asBoolean());
    }

    @Test
    void refusesAnIdStillRunning() throws Exception {
        ollama.holdAnswers();
        CompletableFuture<Http.Response> first = CompletableFuture.supplyAsync(
                () -> Http.postJson(gateway, CHAT, HELLO, "X-Task-Id", "dup"));
        awaitStatus(gateway, "dup", state("RUNNING"));
        Http.Response second = Http.postJson(gateway, CHAT, HELLO, "X-Task-Id", "dup");
        assertEquals(409, second.status());
        Http.assertCatalogError(second, "task_conflict");
        ollama.release();
        assertEquals(200, first.get().status());
        awaitStatus(gateway, "dup", state("SUCCESS"));
        assertTrue(Http.awaitSlotsFree(gateway));
        // Ended: reusable, once the lock's release (written right after the final record) has landed.
        assertEquals(200, TaskPoll.statusOnceUnlocked(() -> Http.postJson(gateway, CHAT, HELLO, "X-Task-Id", "dup")));
    }

    @Test
    void keepsOnlyTheNewestTasksMaxRecordsInMemory() throws Exception {
        try (RunningGateway small = RunningGateway.inFrontOf(ollama.url(), "AISTACK_TASKS_MAX", "5")) {
            for (int i = 1; i <= 8; i++) {
                Http.postJson(small, CHAT, HELLO, "X-Task-Id", "kept-" + i);
            }
            awaitStatus(small, "kept-8", state("SUCCESS"));
            for (int i = 1; i <= 3; i++) {
                Http.Response evicted = Http.get(small, "/tasks/status/{task_id}", "/tasks/status/kept-" + i);
                assertEquals(404, evicted.status(), "kept-" + i + " outlived the bound: " + evicted.text());
            }
            JsonNode list = JSON.readTree(Http.get(small, "/tasks/status", "/tasks/status?limit=500").body());
            assertTrue(list.path("data").size() <= 5, list.toString());
            assertEquals("kept-8", list.path("data").get(0).path("task_id").asText());
        }
    }

    @Test
    void refusesAMalformedTaskId() {
        Http.Response r = Http.postJson(gateway, CHAT, HELLO, "X-Task-Id", "no spaces allowed");
        assertEquals(400, r.status());
        Http.assertCatalogError(r, "invalid_task_id");
        assertTrue(ollama.received(CHAT).isEmpty());
    }

    @Test
    void recordsABackendErrorAsFailedWithItsStatus() throws Exception {
        Http.postJson(gateway, CHAT, HELLO.replace("llama3.2:1b", "nope"), "X-Task-Id", "t-404");
        JsonNode failed = awaitStatus(gateway, "t-404", state("FAILED"));
        assertEquals("upstream status 404", failed.path("message").asText());
    }

    @Test
    void recordsARefusedRequestWithTheCatalogCodeAndStillEchoesTheId() throws Exception {
        ollama.holdAnswers();
        CompletableFuture<Http.Response> first = CompletableFuture.supplyAsync(() -> Http.postJson(gateway, CHAT, HELLO));
        assertTrue(ollama.awaitRequests(CHAT, 1));
        Http.Response busy = Http.postJson(gateway, CHAT, HELLO, "X-Task-Id", "t-busy");
        assertEquals(503, busy.status());
        assertEquals("t-busy", busy.header("X-Task-Id"));
        JsonNode failed = awaitStatus(gateway, "t-busy", state("FAILED"));
        assertEquals("gpu_busy", failed.path("message").asText());
        assertEquals("rejected", failed.path("stage").asText());
        ollama.release();
        first.get();
    }

    @Test
    void recordsAClientThatLeftMidStreamWithTheTokensRelayed() throws Exception {
        ollama.tokens("a", "b", "c", "d", "e", "f", "g", "h").eventGap(Duration.ofMillis(100));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(gateway.uri(CHAT))
                .header("Content-Type", "application/json").header("X-Task-Id", "t-gone")
                .POST(HttpRequest.BodyPublishers.ofString(STREAM)).build(), HttpResponse.BodyHandlers.ofInputStream());
        r.body().read(new byte[64]);
        r.body().close();
        client.close();
        JsonNode failed = awaitStatus(gateway, "t-gone", state("FAILED"));
        assertEquals("client_disconnected", failed.path("stage").asText());
        assertTrue(failed.path("extensions").path("tokens").path("completion").asInt() >= 1, failed.toString());
        assertEquals(false, failed.path("extensions").path("tokens").path("reported").asBoolean());
    }

    @Test
    void listsTheNewestTasksFirst() throws Exception {
        for (String id : new String[]{"t-1", "t-2", "t-3"}) {
            Http.postJson(gateway, CHAT, HELLO, "X-Task-Id", id);
            awaitStatus(gateway, id, state("SUCCESS"));
        }
        Http.Response r = Http.get(gateway, "/tasks/status", "/tasks/status?limit=2");
        JsonNode list = JSON.readTree(r.body());
        assertEquals(2, list.path("data").size());
        assertEquals("t-3", list.path("data").get(0).path("task_id").asText());
        assertEquals("t-2", list.path("data").get(1).path("task_id").asText());
        assertEquals(3, JSON.readTree(Http.get(gateway, "/tasks/status", "/tasks/status").body()).path("data").size());
    }

    @Test
    void refusesALimitOutOfRange() {
        for (String limit : new String[]{"0", "501", "ten"}) {
            Http.Response r = Http.get(gateway, "/tasks/status", "/tasks/status?limit=" + limit);
            assertEquals(400, r.status(), limit);
            Http.assertCatalogError(r, "invalid_request");
        }
    }

    @Test
    void answersNotFoundForAnUnknownTask() {
        Http.Response r = Http.get(gateway, "/tasks/status/{task_id}", "/tasks/status/never-seen");
        assertEquals(404, r.status());
        Http.assertCatalogError(r, "task_not_found");
    }
}
