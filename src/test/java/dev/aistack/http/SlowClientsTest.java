package dev.aistack.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aistack.support.FakeOllama;
import dev.aistack.support.Http;
import dev.aistack.support.RawClient;
import dev.aistack.support.RunningGateway;
import dev.aistack.support.TaskPoll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clients that hold the gateway's resources without using them are cut (a stream reader that stopped reading, a head
 * or body dribbled too slowly) and connections past the cap are refused with 503 server_busy; a slow model is not a
 * slow client.
 */
class SlowClientsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHAT = "/v1/chat/completions";
    private static final String STREAM = "{\"model\":\"llama3.2:1b\",\"stream\":true,\"messages\":[{\"role\":\"user\","
            + "\"content\":\"hi\"}]}";

    private final FakeOllama ollama = FakeOllama.start();
    private final List<RunningGateway> gateways = new ArrayList<>();

    @AfterEach
    void stop() {
        gateways.forEach(RunningGateway::close);
        ollama.close();
    }

    private RunningGateway gateway(String... settings) {
        RunningGateway gw = RunningGateway.inFrontOf(ollama.url(), settings);
        gateways.add(gw);
        return gw;
    }

    @Test
    void aStreamReaderThatStopsReadingIsCutAndItsSlotFreed() throws Exception {
        RunningGateway gw = gateway("AISTACK_CLIENT_IDLE_TIMEOUT", "1s");
        String token = "x".repeat(16 * 1024);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 2000; i++) { // ~32 MB: far more than the socket buffers between the two can hold
            tokens.add(token);
        }
        ollama.tokens(tokens.toArray(String[]::new));
        try (RawClient client = RawClient.connect(gw, 4096)) {
            client.send(RawClient.post(CHAT, STREAM, "X-Task-Id", "stopped-reading"));
            client.readSome();
            assertTrue(ollama.awaitAbort(Duration.ofSeconds(20)), "Ollama's stream was never closed");
            assertTrue(Http.awaitSlotsFree(gw), "the slot stayed held for a client that stopped reading");
            JsonNode task = TaskPoll.finalState(gw, "stopped-reading");
            assertEquals("FAILED", task.path("state").asText(), task.toString());
            assertEquals("client stalled", task.path("message").asText(), task.toString());
        }
    }

    @Test
    void aModelSilentForLongerThanTheIdleTimeoutIsNotCut() {
        RunningGateway gw = gateway("AISTACK_CLIENT_IDLE_TIMEOUT", "1s");
        ollama.tokens("slow").eventGap(Duration.ofMillis(1500));
        Http.Response r = Http.postJson(gw, CHAT, STREAM);
        assertEquals(200, r.status());
        assertTrue(r.text().contains("\"slow\"") && r.text().endsWith("data: [DONE]\n\n"), r.text());
    }

    @Test
    void aConnectionThatDribblesItsHeadIsClosed() throws Exception {
        RunningGateway gw = gateway("AISTACK_REQUEST_HEAD_TIMEOUT", "1s");
        try (RawClient client = RawClient.connect(gw)) {
            Thread dribbler = Thread.ofVirtual().start(() -> {
                String head = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: " + "a".repeat(200);
                try {
                    for (char c : head.toCharArray()) { // 20 s of bytes, one every 100 ms
                        client.send(String.valueOf(c));
                        Thread.sleep(100);
                    }
                } catch (RuntimeException | InterruptedException closed) {
                    // the gateway closed the connection: what this test expects
                }
            });
            assertTrue(client.closedByGateway(), "a head dribbled for longer than the head timeout was not cut");
            dribbler.interrupt();
        }
    }

    @Test
    void aBodyThatPausesLongerThanTheBodyTimeoutGets408AndTheConnectionClosed() {
        RunningGateway gw = gateway("AISTACK_REQUEST_BODY_TIMEOUT", "1s");
        try (RawClient client = RawClient.connect(gw)) {
            String request = RawClient.post(CHAT, STREAM);
            client.send(request.substring(0, request.length() - STREAM.length() + 10)); // head and 10 bytes, then nothing
            RawClient.Response r = client.readResponse();
            assertEquals(408, r.status(), r.text());
            assertTrue(r.text().contains("\"code\":\"request_body_timeout\""), r.text());
            assertEquals("close", r.header("Connection"));
            assertTrue(client.closedByGateway());
        }
        assertEquals(0, ollama.received(CHAT).size(), "a partial body must never be forwarded");
    }

    @Test
    void connectionsPastTheCapGet503ServerBusyUntilOneCloses() throws Exception {
        RunningGateway gw = gateway("AISTACK_MAX_CONNECTIONS", "3", "AISTACK_GPU_RETRY_AFTER", "2");
        List<RawClient> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                RawClient c = RawClient.connect(gw);
                held.add(c);
                assertEquals(200, c.send(RawClient.get("/healthz")).readResponse().status()); // kept alive
            }
            try (RawClient fourth = RawClient.connect(gw)) {
                RawClient.Response r = fourth.send(RawClient.get("/healthz")).readResponse();
                assertEquals(503, r.status(), r.text());
                assertTrue(r.text().contains("\"code\":\"server_busy\""), r.text());
                assertTrue(r.text().contains("\"provider\":\"aistack\""), r.text());
                assertEquals("2", r.header("Retry-After"));
                assertEquals("close", r.header("Connection"));
                assertTrue(fourth.closedByGateway());
            }
            held.remove(0).close();
            assertTrue(awaitServedOnANewConnection(gw), "a closed connection never gave its place back");
        } finally {
            held.forEach(RawClient::close);
        }
    }

    private static boolean awaitServedOnANewConnection(RunningGateway gw) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (RawClient c = RawClient.connect(gw)) {
                if (c.send(RawClient.get("/healthz")).readResponse().status() == 200) {
                    return true;
                }
            }
            Thread.sleep(50);
        }
        return false;
    }
}
