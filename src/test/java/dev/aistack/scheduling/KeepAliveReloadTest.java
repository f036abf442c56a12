package dev.aistack.scheduling;

import dev.aistack.support.GatewayAndOllama;
import dev.aistack.support.FakeOllama;
import dev.aistack.support.RunningGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When Ollama loads the model again between two quick requests (other runner options, a restart, an eviction),
 * the second request's load gets Ollama's 5m default; the gateway's native call after that request puts the
 * policy back, however soon after the previous one it comes.
 */
class KeepAliveReloadTest {
    private static final String CHAT = "/v1/chat/completions";
    private static final String BODY = "{\"model\":\"llama3.2:1b\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @RegisterExtension
    final GatewayAndOllama env = new GatewayAndOllama();

    /** A plain client, so nothing slows the two requests down between them (the bug lived in that second). */
    private int chat() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(env.gateway().uri(CHAT))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(BODY)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void reappliesTheDefaultWhenOllamaReloadedTheModelBetweenTwoQuickRequests() throws Exception {
        assertEquals(200, chat());
        assertTrue(env.ollama().awaitAnswered("/api/generate", 1), "the env.gateway() never sent the keep_alive call");
        env.ollama().reloadOnNextRequest("llama3.2:1b");

        assertEquals(200, chat()); // reloads: Ollama gives it 5m
        Instant secondEnded = Instant.now();
        env.ollama().awaitAnswered("/api/generate", 2); // no assert: the state below says what went wrong

        Instant expires = env.ollama().loadedModels().get("llama3.2:1b");
        assertTrue(expires != null && !expires.isAfter(Instant.now().plus(Duration.ofSeconds(30)))
                        && !expires.isBefore(secondEnded.minusSeconds(1).plus(Duration.ofSeconds(30))),
                "expires_at " + expires + " is not 30s after the second request (" + secondEnded + ")");
    }
}
