package dev.aistack.scheduling;

import dev.aistack.support.FakeOllama;
import dev.aistack.support.Http;
import dev.aistack.support.RunningGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Under concurrent load the policy still holds once the load stops, and the native calls stay few: per model one
 * in flight and one queued, the last one starting after the last request ended.
 */
class KeepAliveUnderLoadTest {
    private static final String CHAT = "/v1/chat/completions";
    private static final String LLAMA = "llama3.2:1b";
    private static final String QWEN = "qwen2.5:0.5b";
    private static final int THREADS = 8;

    private final FakeOllama ollama = FakeOllama.start().addModel(QWEN);
    private final RunningGateway gateway = RunningGateway.inFrontOf(ollama.url(), "AISTACK_GPU_SLOTS", "64");

    @AfterEach
    void stop() {
        gateway.close();
        ollama.close();
    }

    private static String chat(String model) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    /** THREADS clients at once, each sending {@code perThread} requests alternating between the two models. */
    private void load(int perThread) throws Exception {
        try (ExecutorService clients = Executors.newFixedThreadPool(THREADS)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int first = t;
                done.add(clients.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        assertEquals(200, Http.postJson(gateway, CHAT, chat((first + i) % 2 == 0 ? LLAMA : QWEN)).status());
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
    }

    /**
     * Waits (bounded) until the gateway has finished this many POSTs (its request counter moves when a handler has
     * returned, so after the keep_alive hand-off of each).
     */
    private boolean awaitFinishedPosts(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            double finished = Http.get(gateway, "/metrics", "/metrics").text().lines()
                    .filter(l -> l.startsWith("aistack_requests_total{") && l.contains("method=\"POST\"")
                            && l.contains("status=\"200\""))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
            if (finished >= count) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }

    private long nativeCallsFor(String model) {
        return ollama.received("/api/generate").stream().filter(r -> r.bodyText().contains("\"" + model + "\"")).count();
    }

    @Test
    void leavesTheLoadedModelWithThePolicysSessionWhenTwoModelsEvictedEachOtherUnderLoad() throws Exception {
        ollama.maxLoadedModels(1);
        Instant loadStarted = Instant.now();
        load(10);
        gateway.close(); // lets every keep_alive call already due finish

        Map<String, Instant> loaded = ollama.loadedModels();
        assertEquals(1, loaded.size(), "loaded: " + loaded);
        Instant expires = loaded.values().iterator().next();
        assertTrue(!expires.isBefore(loadStarted.plusSeconds(30)) && !expires.isAfter(Instant.now().plusSeconds(30)),
                "expires_at " + expires + " is not 30s after the load (" + loadStarted + " .. now): " + loaded);
    }

    @Test
    void keepsOneNativeCallInFlightAndOneQueuedPerModelHoweverManyRequestsEnd() throws Exception {
        ollama.holdNativeCalls();
        assertEquals(200, Http.postJson(gateway, CHAT, chat(LLAMA)).status());
        assertEquals(200, Http.postJson(gateway, CHAT, chat(QWEN)).status());
        assertTrue(ollama.awaitRequests("/api/generate", 2), "one model's call waited for the other's");

        load(3);
        assertTrue(awaitFinishedPosts(2 + THREADS * 3), "the gateway never finished the requests");
        assertEquals(2, ollama.received("/api/generate").size(), "more than one call in flight per model");

        ollama.releaseNativeCalls();
        gateway.close(); // lets every keep_alive call already due finish
        assertEquals(2, nativeCallsFor(LLAMA), "not one in flight and one queued for " + LLAMA);
        assertEquals(2, nativeCallsFor(QWEN), "not one in flight and one queued for " + QWEN);
        List<String> order = ollama.received().stream().map(r -> r.path()).toList();
        assertTrue(order.lastIndexOf("/api/generate") > order.lastIndexOf(CHAT), "order: " + order);
    }
}
