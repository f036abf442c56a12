package dev.aistack.openai;

import dev.aistack.support.FakeOllama;
import dev.aistack.support.Http;
import dev.aistack.support.RunningGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The GPU slot: held for the whole upstream call, refused at once when taken, released on every way out. */
class GpuSlotTest {
    private static final String CHAT = "/v1/chat/completions";
    private static final String HELLO = "{\"model\":\"llama3.2:1b\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String STREAM = "{\"model\":\"llama3.2:1b\",\"stream\":true,\"messages\":[{\"role\":\"user\","
            + "\"content\":\"hi\"}]}";

    private final FakeOllama ollama = FakeOllama.start();
    private RunningGateway gateway = RunningGateway.inFrontOf(ollama.url(), "AISTACK_GPU_RETRY_AFTER", "3");

    @AfterEach
    void stop() {
        gateway.close();
        ollama.close();
    }

    private void assertSlotFreeAndUsable() throws InterruptedException {
        assertTrue(Http.awaitSlotsFree(gateway), "the GPU slot was not released");
        ollama.tokens("ok");
        assertEquals(200, Http.postJson(gateway, CHAT, HELLO).status());
    }

    @Test
    void refusesASecondRequestAtOnceWithGpuBusyAndRetryAfter() throws Exception {
        ollama.holdAnswers();
        CompletableFuture<Http.Response> first = CompletableFuture.supplyAsync(() -> Http.postJson(gateway, CHAT, HELLO));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ollama.inFlight() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Http.Response second = Http.postJson(gateway, CHAT, HELLO);
        assertEquals(503, second.status());
        assertEquals("3", second.header("Retry-After"));
        assertTrue(second.text().contains("\"code\":\"gpu_busy\""), second.text());
        assertTrue(second.text().contains("\"kind\":\"busy\""), second.text());
        assertEquals(1, ollama.received(CHAT).size(), "the refused request must not reach Ollama");
        assertTrue(Http.get(gateway, "/metrics", "/metrics").text().contains("aistack_gpu_slot_rejected_total 1.0"));
        ollama.release();
        assertEquals(200, first.get(10, TimeUnit.SECONDS).status());
        assertSlotFreeAndUsable();
    }

    @Test
    void releasesTheSlotAfterANormalCompletion() throws Exception {
        assertEquals(200, Http.postJson(gateway, CHAT, HELLO).status());
        assertSlotFreeAndUsable();
    }

    @Test
    void releasesTheSlotWhenAStreamEnds() throws Exception {
        Http.Response r = Http.postJson(gateway, CHAT, STREAM);
        assertTrue(r.text().endsWith("data: [DONE]\n\n"));
        assertSlotFreeAndUsable();
    }

    @Test
    void releasesTheSlotWhenTheBackendAnswersAnError() throws Exception {
        assertEquals(404, Http.postJson(gateway, CHAT, HELLO.replace("llama3.2:1b", "nope")).status());
        assertSlotFreeAndUsable();
    }

    @Test
    void releasesTheSlotWhenTheStreamBreaks() throws Exception {
        ollama.tokens("a", "b", "c").breakStreamAfter(1);
        Http.postJson(gateway, CHAT, STREAM);
        assertSlotFreeAndUsable();
    }

    @Test
    void releasesTheSlotWhenTheClientDisconnectsMidStream() throws Exception {
        ollama.tokens("a", "b", "c", "d", "e", "f", "g", "h").eventGap(Duration.ofMillis(100));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(gateway.uri(CHAT))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(STREAM)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        r.body().read(new byte[16]);
        r.body().close();
        client.close();
        assertTrue(ollama.awaitAbort(Duration.ofSeconds(10)), "Ollama never saw the connection close");
        assertSlotFreeAndUsable();
    }

    @Test
    void releasesTheSlotWhenOllamaTimesOut() throws Exception {
        gateway.close();
        gateway = RunningGateway.inFrontOf(ollama.url(), "AISTACK_UPSTREAM_TIMEOUT", "300ms");
        ollama.delayBeforeAnswer(Duration.ofSeconds(2));
        Http.Response r = Http.postJson(gateway, CHAT, HELLO);
        assertEquals(504, r.status());
        assertTrue(r.text().contains("\"code\":\"backend_timeout\""), r.text());
        ollama.delayBeforeAnswer(Duration.ZERO);
        assertSlotFreeAndUsable();
    }

    @Test
    void releasesTheSlotWhenOllamaIsNotThere() throws Exception {
        try (RunningGateway nowhere = RunningGateway.inFrontOf("http://127.0.0.1:9")) {
            Http.Response r = Http.postJson(nowhere, CHAT, HELLO);
            assertEquals(503, r.status());
            assertTrue(r.text().contains("Ollama is not reachable at http://127.0.0.1:9. Start it with: ollama serve"),
                    r.text());
            assertTrue(r.text().contains("\"code\":\"backend_unreachable\""), r.text());
            assertEquals("1", r.header("Retry-After"));
            assertTrue(Http.awaitSlotsFree(nowhere));
            assertEquals(503, Http.postJson(nowhere, CHAT, HELLO).status()); // not gpu_busy: the slot came back
            assertTrue(Http.postJson(nowhere, CHAT, HELLO).text().contains("backend_unreachable"));
        }
    }
}
