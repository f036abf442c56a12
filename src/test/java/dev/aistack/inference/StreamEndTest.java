package dev.aistack.inference;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aistack.support.GatewayAndOllama;
import dev.aistack.support.Http;
import dev.aistack.support.TaskPoll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A stream is a success only when its protocol's end marker arrived. */
class StreamEndTest {
    private static final String STREAM = "{\"model\":\"llama3.2:1b\",\"stream\":true,\"messages\":[]}";

    @RegisterExtension
    final GatewayAndOllama env = new GatewayAndOllama();

    @Test
    void aStreamThatEndsWithoutDoneIsRecordedFailedAndCountedBroken() throws Exception {
        env.ollama().failInStreamAfter(1); // Ollama's in-stream error form: an empty chunk, then the end
        Http.Response r = Http.postJson(env.gateway(), "/v1/chat/completions", STREAM);
        assertEquals(200, r.status());
        assertTrue(!r.text().contains("[DONE]"), r.text());

        JsonNode task = TaskPoll.finalState(env.gateway(), r.header("X-Task-Id"));
        assertEquals("FAILED", task.path("state").asText(), task.toString());
        assertEquals("stream ended without its end marker", task.path("message").asText(), task.toString());
        String metrics = Http.get(env.gateway(), "/metrics", "/metrics").text();
        assertTrue(metrics.contains("aistack_streams_broken_total{route=\"/v1/chat/completions\"} 1.0"), metrics);
    }

    @Test
    void aStreamThatEndsWithDoneIsASuccess() throws Exception {
        Http.Response r = Http.postJson(env.gateway(), "/v1/chat/completions", STREAM);
        assertTrue(r.text().endsWith("data: [DONE]\n\n"), r.text());
        assertEquals("SUCCESS", TaskPoll.finalState(env.gateway(), r.header("X-Task-Id")).path("state").asText());
    }
}
