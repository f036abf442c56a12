package dev.aistack.tasks;

import dev.aistack.support.FakeOllama;
import dev.aistack.support.Http;
import dev.aistack.support.RedisServer;
import dev.aistack.support.RunningGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real redis-server frozen with SIGSTOP, as a stalled host would be: it accepts connections and answers nothing.
 * Requests must not wait for it, and what the tasks wrote meanwhile must land once it resumes.
 */
class FrozenRedisTest {
    private static final String CHAT = "/v1/chat/completions";
    private static final String HELLO = "{\"model\":\"llama3.2:1b\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    /** Far above the 250 ms that bookkeeping may cost a request, far below what a stalled store used to cost. */
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration FREEZE = Duration.ofSeconds(5);

    private final RedisServer redis = RedisServer.start();
    private final FakeOllama ollama = FakeOllama.start();
    private final RunningGateway gateway = RunningGateway.inFrontOf(ollama.url(), "AISTACK_REDIS_URL", redis.url(),
            "AISTACK_GPU_SLOTS", "8", "AISTACK_TASK_HEARTBEAT", "500ms");
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CLIENT_TIMEOUT).build();

    @AfterEach
    void stop() {
        redis.resume(); // a frozen Redis would hold up the gateway's last writes at close
        gateway.close();
        ollama.close();
        redis.close();
        client.close();
    }

    /** A chat call that gives up after CLIENT_TIMEOUT (the future then fails with HttpTimeoutException). */
    private CompletableFuture<HttpResponse<String>> chat(String taskId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.uri(CHAT)).timeout(CLIENT_TIMEOUT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(HELLO));
        if (taskId != null) {
            request.header("X-Task-Id", taskId);
        }
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean within(Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    @Test
    void servesEveryRequestWhileRedisIsFrozenWithoutWaitingForIt() throws Exception {
        redis.freeze();
        long thaw = System.nanoTime() + FREEZE.toNanos();
        int served = 0;
        for (int round = 0; System.nanoTime() < thaw; round++) {
            // Both kinds: ids the client chose (checked for conflicts at once) and ids the gateway makes up.
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(chat(i % 2 == 0 ? "frozen-" + round + "-" + i : null));
            }
            for (CompletableFuture<HttpResponse<String>> call : calls) {
                HttpResponse<String> r = call.join(); // fails the test when the client gave up waiting
                assertEquals(200, r.statusCode(), r.body());
                served++;
            }
        }
        assertTrue(served >= 8, "too few requests ran during the freeze to prove anything: " + served);
        Http.Response ready = Http.get(gateway, "/readyz", "/readyz");
        assertEquals(200, ready.status(), ready.text());
        assertTrue(ready.text().contains("\"state_store\":{\"kind\":\"redis\",\"status\":\"degraded\""), ready.text());
        assertTrue(Http.get(gateway, "/metrics", "/metrics").text()
                .matches("(?s).*aistack_state_errors_total [1-9].*"), "the outage was not counted");
    }

    @Test
    void recordsATaskThatEndedDuringTheFreezeOnceRedisResumesAndFreesItsIdSoonAfter() throws Exception {
        redis.freeze();
        HttpResponse<String> ended = chat("ended-while-frozen").join();
        assertEquals(200, ended.statusCode(), ended.body());
        redis.resume();
        try (RedisClient plain = RedisClient.create("127.0.0.1", redis.port())) {
            assertTrue(within(Duration.ofSeconds(10), () -> {
                String record = plain.get("aistack:task:ended-while-frozen");
                return record != null && record.contains("\"state\":\"SUCCESS\"");
            }), "the final state was lost: " + plain.get("aistack:task:ended-while-frozen"));
            // Whatever of the lock reached Redis late is short-lived: two heartbeats, not the hour it once was.
            assertTrue(plain.pttl("aistack:task-running:ended-while-frozen") <= 1000,
                    "the lock outlives its task: " + plain.pttl("aistack:task-running:ended-while-frozen") + " ms");
        }
        int[] status = {0};
        assertTrue(within(Duration.ofSeconds(10), () -> {
            status[0] = chat("ended-while-frozen").join().statusCode();
            return status[0] == 200;
        }), "the id of a task that ended is still refused: " + status[0]);
    }
}
