package dev.aistack.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aistack.support.FakeOllama;
import dev.aistack.support.Http;
import dev.aistack.support.RedisServer;
import dev.aistack.support.RunningGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two gateway processes' worth of state: two gateways, one real Redis. */
class SharedTaskStatusTest {
    private static final String CHAT = "/v1/chat/completions";
    private static final String HELLO = "{\"model\":\"llama3.2:1b\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private final RedisServer redis = RedisServer.start();
    private final FakeOllama ollama = FakeOllama.start();
    private final RunningGateway first = RunningGateway.inFrontOf(ollama.url(), "AISTACK_REDIS_URL", redis.url(),
            "AISTACK_GPU_SLOTS", "4");
    private final RunningGateway second = RunningGateway.inFrontOf(ollama.url(), "AISTACK_REDIS_URL", redis.url(),
            "AISTACK_GPU_SLOTS", "4");

    @AfterEach
    void stop() {
        first.close();
        second.close();
        ollama.close();
        redis.close();
    }

    @Test
    void eachGatewaySeesTheOthersTasks() throws Exception {
        Http.postJson(first, CHAT, HELLO, "X-Task-Id", "made-on-first");
        JsonNode seen = TaskStatusTest.awaitStatus(second, "made-on-first", n -> "SUCCESS".equals(n.path("state").asText()));
        assertEquals("llama3.2:1b", seen.path("algorithm_id").asText());
        JsonNode list = new ObjectMapper().readTree(Http.get(second, "/tasks/status", "/tasks/status").body());
        assertEquals("made-on-first", list.path("data").get(0).path("task_id").asText());
    }

    @Test
    void refusesATaskIdRunningOnTheOtherGateway() throws Exception {
        ollama.holdAnswers();
        CompletableFuture<Http.Response> running = CompletableFuture.supplyAsync(
                () -> Http.postJson(first, CHAT, HELLO, "X-Task-Id", "shared-id"));
        TaskStatusTest.awaitStatus(second, "shared-id", n -> "RUNNING".equals(n.path("state").asText()));
        Http.Response reused = Http.postJson(second, CHAT, HELLO, "X-Task-Id", "shared-id");
        assertEquals(409, reused.status());
        Http.assertCatalogError(reused, "task_conflict");
        ollama.release();
        assertEquals(200, running.get().status());
    }

    @Test
    void keepsServingWhileRedisIsDownAndResumesWritingWhenItReturns() throws Exception {
        redis.stop();
        Http.Response served = Http.postJson(first, CHAT, HELLO, "X-Task-Id", "during-outage");
        assertEquals(200, served.status(), "a request failed because the status store is down");
        assertEquals("during-outage", served.header("X-Task-Id"));
        assertTrue(Http.awaitMetrics(first, "(?s).*aistack_state_errors_total [1-9].*"),
                "the store's outage was not counted"); // counted by the status writer, off the request's path
        Http.Response ready = Http.get(first, "/readyz", "/readyz");
        assertEquals(200, ready.status(), ready.text()); // Ollama answers: still ready, the store only degrades
        assertTrue(ready.text().contains("\"state_store\":{\"kind\":\"redis\",\"status\":\"degraded\""), ready.text());
        Http.Response status = Http.get(first, "/tasks/status/{task_id}", "/tasks/status/during-outage");
        assertEquals(503, status.status());
        Http.assertCatalogError(status, "state_store_unavailable");

        redis.restart();
        long deadline = System.nanoTime() + 10_000_000_000L;
        boolean resumed = false;
        for (int i = 0; !resumed && System.nanoTime() < deadline; i++) {
            Http.postJson(first, CHAT, HELLO, "X-Task-Id", "after-outage-" + i);
            resumed = Http.get(second, "/tasks/status/{task_id}", "/tasks/status/after-outage-" + i).status() == 200;
            if (!resumed) {
                Thread.sleep(200);
            }
        }
        assertTrue(resumed, "task status writes never resumed after Redis came back");
    }
}
