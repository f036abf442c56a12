package dev.aistack.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.aistack.support.GatewayAndOllama;
import dev.aistack.support.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Calls as SDK users run them: several at once through the official OpenAI Java SDK, straight at the gateway, on
 * the kept-alive connections of its pool, round after round. Ollama waits before answering, so the gateway's
 * checker starts each connection's socket monitor; a stream ends it once it flows (slowly or at once), a whole
 * answer leaves it to the connection's next request, and every connection must carry its next request whole.
 */
class ConcurrentSdkStreamsTest {
    private static final int AT_ONCE = 8;
    /** Past the gateway's 20 ms wait and a 50 ms check: the socket monitor runs when the answer starts. */
    private static final Duration MONITOR_RUNS = Duration.ofMillis(150);

    @RegisterExtension
    final GatewayAndOllama env = new GatewayAndOllama("AISTACK_GPU_SLOTS", Integer.toString(AT_ONCE));

    private OpenAIClient client;

    @AfterEach
    void closeClient() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void concurrentStreamsOnPooledConnectionsAllArriveWholeRoundAfterRound() throws Exception {
        client = OpenAIOkHttpClient.builder().baseUrl(env.gateway().uri("/v1").toString()).apiKey("unused")
                .maxRetries(0).timeout(Duration.ofSeconds(30)).build();
        env.ollama().tokens("a", "b", "c", "d").delayBeforeAnswer(MONITOR_RUNS);
        try (ExecutorService clients = Executors.newFixedThreadPool(AT_ONCE)) {
            for (Duration gap : List.of(Duration.ofMillis(150), Duration.ZERO, Duration.ofMillis(150), Duration.ZERO)) {
                env.ollama().eventGap(gap); // 150 ms: the monitor ends mid-stream; none: the stream ends first
                List<Future<String>> streams = new ArrayList<>();
                for (int i = 0; i < AT_ONCE; i++) {
                    streams.add(clients.submit(this::streamedText));
                }
                for (Future<String> stream : streams) {
                    assertEquals("abcd", stream.get(), "a stream with events " + gap.toMillis() + " ms apart");
                }
            }
        }
        String answer = client.chat().completions().create(hello()).choices().get(0).message().content().orElse("");
        assertEquals("abcd", answer, "a non-streaming call on a connection the streams used");
        assertTrue(Http.awaitSlotsFree(env.gateway()), "a slot stayed held after the streams");
    }

    @Test
    void concurrentWatchedCallsOnPooledConnectionsAreAnsweredRoundAfterRound() throws Exception {
        client = OpenAIOkHttpClient.builder().baseUrl(env.gateway().uri("/v1").toString()).apiKey("unused")
                .maxRetries(0).timeout(Duration.ofSeconds(30)).build();
        env.ollama().tokens("a", "b", "c", "d").delayBeforeAnswer(MONITOR_RUNS);
        try (ExecutorService clients = Executors.newFixedThreadPool(AT_ONCE)) {
            for (int round = 0; round < 4; round++) {
                List<Future<String>> calls = new ArrayList<>();
                for (int i = 0; i < AT_ONCE; i++) {
                    calls.add(clients.submit(() -> client.chat().completions().create(hello()).choices().get(0)
                            .message().content().orElse("")));
                }
                for (Future<String> call : calls) {
                    assertEquals("abcd", call.get(), "a watched call in round " + round);
                }
            }
        }
        assertTrue(Http.awaitSlotsFree(env.gateway()), "a slot stayed held after the calls");
    }

    private String streamedText() {
        StringBuilder text = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(hello())) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append)));
        }
        return text.toString();
    }

    private static ChatCompletionCreateParams hello() {
        return ChatCompletionCreateParams.builder().model("llama3.2:1b").addUserMessage("Say hello.").build();
    }
}
