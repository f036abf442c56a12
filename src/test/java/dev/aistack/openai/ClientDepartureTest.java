package dev.aistack.openai;

import dev.aistack.support.GatewayAndOllama;
import dev.aistack.support.TaskPoll;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aistack.support.FakeOllama;
import dev.aistack.support.Http;
import dev.aistack.support.RawClient;
import dev.aistack.support.RunningGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that leaves a non-streaming call is noticed while Ollama works: backend closed, slot freed, task failed.
 * Once a stream's first event is relayed the socket monitor is ended (a departure then fails the next write): the
 * connection must still carry its next request, also one pipelined while the stream ran.
 */
class ClientDepartureTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHAT = "/v1/chat/completions";
    private static final String HELLO = "{\"model\":\"llama3.2:1b\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String STREAM = HELLO.replace("}]}", "}],\"stream\":true}");
    /** Past the gateway's 20 ms wait and a 50 ms check: the socket monitor runs when the answer starts. */
    private static final Duration MONITOR_RUNS = Duration.ofMillis(150);

    @RegisterExtension
    final GatewayAndOllama env = new GatewayAndOllama();

    @Test
    void aClientThatClosesWhileOllamaHoldsTheAnswerFreesTheSlotAndClosesOllamasConnection() throws Exception {
        leavesWhileHeld("left-with-fin", RawClient::close);
    }

    @Test
    void aClientThatResetsWhileOllamaHoldsTheAnswerFreesTheSlotAndClosesOllamasConnection() throws Exception {
        leavesWhileHeld("left-with-rst", RawClient::reset);
    }

    private void leavesWhileHeld(String taskId, Consumer<RawClient> leave) throws Exception {
        env.ollama().holdAnswers();
        RawClient client = RawClient.connect(env.gateway()).send(RawClient.post(CHAT, HELLO, "X-Task-Id", taskId));
        awaitOllamaWorking();
        leave.accept(client);
        // Ollama still holds its answer: only noticing the departure can free the slot now.
        assertTrue(Http.awaitSlotsFree(env.gateway()), "the slot stayed held for a client that is gone");
        JsonNode task = awaitFinished(taskId);
        assertEquals("FAILED", task.path("state").asText(), task.toString());
        assertEquals("client disconnected", task.path("message").asText(), task.toString());
        env.ollama().release();
        assertTrue(env.ollama().awaitAbort(Duration.ofSeconds(10)), "the env.gateway() never closed Ollama's connection");
        assertEquals(200, Http.postJson(env.gateway(), CHAT, HELLO).status(), "the next client was not served");
    }

    @Test
    void aKeptAliveConnectionIsAnsweredAgainAfterAWatchedCall() {
        env.ollama().delayBeforeAnswer(Duration.ofMillis(300)); // long enough for the watch to be running
        try (RawClient client = RawClient.connect(env.gateway())) {
            assertEquals(200, client.send(RawClient.post(CHAT, HELLO)).readResponse().status());
            RawClient.Response second = client.send(RawClient.post(CHAT, HELLO)).readResponse();
            assertEquals(200, second.status());
            assertTrue(second.text().contains("chat.completion"), second.text());
        }
    }

    @Test
    void aPipelinedSecondRequestIsAnsweredAfterAWatchedCall() {
        env.ollama().delayBeforeAnswer(Duration.ofMillis(300));
        try (RawClient client = RawClient.connect(env.gateway())) {
            client.send(RawClient.post(CHAT, HELLO) + RawClient.post(CHAT, HELLO.replace("hi", "again")));
            assertEquals(200, client.readResponse().status());
            RawClient.Response second = client.readResponse();
            assertEquals(200, second.status());
            assertTrue(second.text().contains("chat.completion"), second.text());
        }
        assertEquals(2, env.ollama().received(CHAT).size());
    }

    @Test
    void aFlowingStreamHoldsNoSocketMonitor() throws Exception {
        // Helidon's monitor polls its socket every 101 ms: one per open stream took the core at a few thousand.
        env.ollama().tokens("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p")
                .eventGap(Duration.ofMillis(250)) // events keep flowing for 4 s: never a silence to watch
                .delayBeforeAnswer(MONITOR_RUNS); // the wait started the monitor: the first event must end it
        Set<String> before = socketMonitors(); // other tests' connections in this JVM may have theirs
        try (RawClient client = RawClient.connect(env.gateway())) {
            client.send(RawClient.post(CHAT, STREAM));
            client.readSome();
            long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            Set<String> ours = socketMonitors();
            for (ours.removeAll(before); !ours.isEmpty() && System.nanoTime() < deadline; ours.removeAll(before)) {
                Thread.sleep(20);
                ours = socketMonitors();
            }
            assertEquals(Set.of(), ours, "a socket monitor still runs for the flowing stream");
        }
    }

    @Test
    void aQuickAnswerStartsNoSocketMonitor() throws Exception {
        // The monitor costs a thread and a timed read per request, and lives on until the connection's next request:
        // it is only worth it once the backend keeps the client waiting.
        Set<String> before = socketMonitors();
        try (RawClient client = RawClient.connect(env.gateway())) {
            assertEquals(200, client.send(RawClient.post(CHAT, HELLO)).readResponse().status());
            Set<String> ours = socketMonitors();
            ours.removeAll(before);
            ours.removeIf(name -> name.matches(".*-client\\d*")); // the gateway's pooled connections to Ollama have theirs
            assertEquals(Set.of(), ours, "a socket monitor was started for an answer that came at once");
        }
    }

    @Test
    void aClientThatLeavesAtOnceIsNoticedWhileOllamaHoldsTheAnswer() throws Exception {
        // The monitor starts only after a short wait: a client gone before it starts must still be noticed.
        env.ollama().holdAnswers();
        RawClient client = RawClient.connect(env.gateway()).send(RawClient.post(CHAT, HELLO, "X-Task-Id", "left-at-once"));
        client.close();
        assertTrue(env.ollama().awaitRequests(CHAT, 1), "the request never reached Ollama");
        assertTrue(Http.awaitSlotsFree(env.gateway()), "the slot stayed held for a client that is gone");
        JsonNode task = awaitFinished("left-at-once");
        assertEquals("FAILED", task.path("state").asText(), task.toString());
        assertEquals("client disconnected", task.path("message").asText(), task.toString());
        env.ollama().release();
    }

    /** The names of Helidon's socket monitor threads alive in this JVM (virtual: only a thread dump lists them). */
    private static Set<String> socketMonitors() throws IOException {
        Path dump = Files.createTempDirectory("threads").resolve("dump.json");
        try {
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(dump.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
            return Pattern.compile("\"name\": *\"(helidon-socket-monitor-[^\"]*)\"")
                    .matcher(Files.readString(dump)).results().map(m -> m.group(1))
                    .collect(Collectors.toCollection(HashSet::new));
        } finally {
            Files.deleteIfExists(dump);
            Files.deleteIfExists(dump.getParent());
        }
    }

    @Test
    void aKeptAliveConnectionIsAnsweredAgainAfterStreams() {
        // A slow stream outlasts the monitor's 101 ms round (it ends mid-stream); a fast one ends before it has.
        try (RawClient client = RawClient.connect(env.gateway())) {
            env.ollama().tokens("a", "b", "c").eventGap(Duration.ofMillis(150)).delayBeforeAnswer(MONITOR_RUNS);
            assertStream(client.send(RawClient.post(CHAT, STREAM)).readResponse(), "abc");
            env.ollama().eventGap(Duration.ZERO);
            assertStream(client.send(RawClient.post(CHAT, STREAM)).readResponse(), "abc");
            RawClient.Response last = client.send(RawClient.post(CHAT, HELLO)).readResponse();
            assertEquals(200, last.status());
            assertTrue(last.text().contains("chat.completion"), last.text());
        }
    }

    @Test
    void aRequestPipelinedBehindAStreamKeepsItsBytes() {
        env.ollama().tokens("a", "b", "c").eventGap(Duration.ofMillis(150)).delayBeforeAnswer(MONITOR_RUNS);
        try (RawClient client = RawClient.connect(env.gateway())) {
            client.send(RawClient.post(CHAT, STREAM) + RawClient.post(CHAT, HELLO.replace("hi", "again")));
            assertStream(client.readResponse(), "abc");
            RawClient.Response second = client.readResponse();
            assertEquals(200, second.status(), second.text());
            assertTrue(second.text().contains("chat.completion"), second.text());
        }
        assertEquals(2, env.ollama().received(CHAT).size());
    }

    @Test
    void aClientThatLeavesMidStreamIsNoticedAtTheNextEvents() throws Exception {
        env.ollama().tokens("a", "b", "c", "d", "e", "f").eventGap(Duration.ofMillis(200));
        RawClient client = RawClient.connect(env.gateway())
                .send(RawClient.post(CHAT, STREAM, "X-Task-Id", "left-mid-stream"));
        client.readUntil("data: {"); // the stream flows: the monitor is ended, the writes notice
        client.close();
        assertTrue(Http.awaitSlotsFree(env.gateway()), "the slot stayed held for a client that is gone");
        JsonNode task = awaitFinished("left-mid-stream");
        assertEquals("FAILED", task.path("state").asText(), task.toString());
        assertEquals("client disconnected", task.path("message").asText(), task.toString());
        assertTrue(env.ollama().awaitAbort(Duration.ofSeconds(10)), "the gateway never closed Ollama's connection");
    }

    @Test
    void aClientThatLeavesWhileAStreamIsSilentIsNoticedBeforeTheNextEvent() throws Exception {
        // Ollama sends one event, then holds the rest: only watching the socket again during the silence can tell.
        env.ollama().pauseAfterFirstEvent();
        RawClient client = RawClient.connect(env.gateway())
                .send(RawClient.post(CHAT, STREAM, "X-Task-Id", "left-in-silence"));
        client.readUntil("data: {"); // the first event has been relayed: the stream flows
        client.close();
        assertTrue(Http.awaitSlotsFree(env.gateway()), "the slot stayed held until the stream's next event");
        JsonNode task = awaitFinished("left-in-silence");
        assertEquals("FAILED", task.path("state").asText(), task.toString());
        assertEquals("client disconnected", task.path("message").asText(), task.toString());
        env.ollama().continueStream();
        assertTrue(env.ollama().awaitAbort(Duration.ofSeconds(10)), "the gateway never closed Ollama's connection");
    }

    private static void assertStream(RawClient.Response r, String content) {
        assertEquals(200, r.status(), r.text());
        assertTrue(r.text().endsWith("data: [DONE]\n\n"), r.text());
        StringBuilder seen = new StringBuilder();
        Matcher m = Pattern.compile("\"content\":\"([^\"]*)\"").matcher(r.text());
        while (m.find()) {
            seen.append(m.group(1));
        }
        assertEquals(content, seen.toString(), r.text());
    }

    private void awaitOllamaWorking() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (env.ollama().inFlight() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(1, env.ollama().inFlight(), "the request never reached Ollama");
    }

    private JsonNode awaitFinished(String taskId) throws Exception {
        return TaskPoll.finalState(env.gateway(), taskId);
    }
}
