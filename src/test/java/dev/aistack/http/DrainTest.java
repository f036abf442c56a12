package dev.aistack.http;

import dev.aistack.support.FakeOllama;
import dev.aistack.support.Http;
import dev.aistack.support.RunningGateway;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Graceful shutdown: refuse new work, let running streams finish, then report whether all did. */
class DrainTest {
    private static final String STREAM = "{\"model\":\"llama3.2:1b\",\"stream\":true,\"messages\":[]}";

    @Test
    void letsAnInFlightStreamFinishWhileRefusingNewRequests() throws Exception {
        try (FakeOllama ollama = FakeOllama.start(); RunningGateway gateway = RunningGateway.inFrontOf(ollama.url())) {
            ollama.pauseAfterFirstEvent();
            CompletableFuture<Http.Response> stream = CompletableFuture.supplyAsync(
                    () -> Http.postJson(gateway, "/v1/chat/completions", STREAM));
            assertTrue(ollama.awaitRequests("/v1/chat/completions", 1));
            CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(
                    () -> gateway.gateway().drain().drain(Duration.ofSeconds(20)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!gateway.gateway().drain().draining() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Http.Response refused = Http.get(gateway, "/v1/models", "/v1/models");
            assertEquals(503, refused.status());
            assertTrue(refused.text().contains("\"code\":\"shutting_down\""), refused.text());
            assertFalse(drained.isDone(), "drain returned while a stream was still running");
            Http.Response ready = Http.get(gateway, "/readyz", "/readyz");
            assertEquals(503, ready.status()); // probes still answer, and say the gateway is going away
            assertTrue(ready.text().contains("\"gateway\":{\"status\":\"shutting_down\"}"), ready.text());
            ollama.continueStream();
            assertTrue(stream.get(10, TimeUnit.SECONDS).text().endsWith("data: [DONE]\n\n"));
            assertTrue(drained.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void reportsAStreamThatOutlivesTheGracePeriod() throws Exception {
        try (FakeOllama ollama = FakeOllama.start(); RunningGateway gateway = RunningGateway.inFrontOf(ollama.url())) {
            ollama.pauseAfterFirstEvent();
            CompletableFuture.supplyAsync(() -> Http.postJson(gateway, "/v1/chat/completions", STREAM));
            assertTrue(ollama.awaitRequests("/v1/chat/completions", 1));
            assertFalse(gateway.gateway().drain().drain(Duration.ofMillis(200)));
            ollama.continueStream();
        }
    }
}
