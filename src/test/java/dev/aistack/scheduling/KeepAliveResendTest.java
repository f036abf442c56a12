package dev.aistack.scheduling;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.aistack.config.ConfigLoader;
import dev.aistack.support.FakeOllama;
import dev.aistack.upstream.OllamaClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Under load the native keep_alive call is not repeated for every request: once per window per model and value. */
class KeepAliveResendTest {
    private final FakeOllama ollama = FakeOllama.start().addModel("qwen2.5:0.5b");
    private final OllamaClient client = new OllamaClient(ConfigLoader.load(Map.of("AISTACK_OLLAMA_URL", ollama.url())));
    private final KeepAlivePolicy policy = new KeepAlivePolicy("30s", client, () -> { }, Duration.ofHours(1));

    @AfterEach
    void stop() {
        ollama.close();
    }

    private int nativeCalls() {
        return ollama.received("/api/generate").size();
    }

    @Test
    void sendsTheSameValueForTheSameModelOnceWithinTheWindow() {
        policy.enforce("llama3.2:1b", TextNode.valueOf("5m"));
        policy.enforce("llama3.2:1b", TextNode.valueOf("5m"));
        assertEquals(1, nativeCalls());
    }

    @Test
    void sendsAgainForAnotherValueOrAnotherModel() {
        policy.enforce("llama3.2:1b", TextNode.valueOf("5m"));
        policy.enforce("llama3.2:1b", TextNode.valueOf("1h"));
        policy.enforce("qwen2.5:0.5b", TextNode.valueOf("1h"));
        assertEquals(3, nativeCalls());
    }

    @Test
    void alwaysSendsAnUnload() {
        policy.enforce("llama3.2:1b", IntNode.valueOf(0));
        policy.enforce("llama3.2:1b", IntNode.valueOf(0));
        assertEquals(2, nativeCalls());
    }

    @Test
    void neverWaitsLongerThanHalfAShortKeepAlive() throws Exception {
        policy.enforce("llama3.2:1b", TextNode.valueOf("200ms"));
        Thread.sleep(150); // past half of 200 ms: the model could expire before the next call, so it must be re-sent
        policy.enforce("llama3.2:1b", TextNode.valueOf("200ms"));
        assertEquals(2, nativeCalls());
    }
}
