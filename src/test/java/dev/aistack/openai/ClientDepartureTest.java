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

import java.time.Duration;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A client that leaves a non-streaming call is noticed while Ollama works: backend closed, slot freed, task failed. */
class ClientDepartureTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHAT = "/v1/chat/completions";
    private static final String HELLO = "{\"model\":\"llama3.2:1b\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

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
