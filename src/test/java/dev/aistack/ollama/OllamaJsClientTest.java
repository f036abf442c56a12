package dev.aistack.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aistack.support.FakeOllama;
import dev.aistack.support.FakeOpenAiServer;
import dev.aistack.support.RunningGateway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official ollama npm library (0.6.4, pinned in src/test/node/ollama) as the client: version, list, chat,
 * streaming, a tool call, an image, generate, embed and an error, against the gateway over each kind of node.
 */
class OllamaJsClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CLIENT = Path.of("src", "test", "node", "ollama");

    /** bin/test runs npm ci; a plain mvn run installs the pinned library here the same way. */
    @BeforeAll
    static void installTheLibrary() throws Exception {
        if (!Files.isDirectory(CLIENT.resolve("node_modules").resolve("ollama"))) {
            Run npm = run(List.of("npm", "ci", "--no-audit", "--no-fund"), null, null, 180);
            assertEquals(0, npm.exit(), "npm ci failed: " + npm.output());
        }
    }

    @Test
    void theOllamaLibraryWorksOverAnOllamaNode() throws Exception {
        try (FakeOllama ollama = FakeOllama.start(); RunningGateway gw = RunningGateway.inFrontOf(ollama.url())) {
            JsonNode report = runClient(gw, "llama3.2:1b");

            assertEquals("Hello there", report.path("chat").asText());
            assertEquals("Hello there", report.path("stream").asText());
            assertTrue(ollama.received("/api/chat").stream()
                    .anyMatch(r -> r.bodyText().contains("\"images\":[\"iVBORw0KGgo=\"]")), "the image as base64");
            assertEquals("Paris", report.at("/toolCall/function/arguments/city").asText());
            assertEquals(404, report.at("/error/status").asInt());
        }
    }

    @Test
    void theOllamaLibraryWorksOverAnOpenAiCompatibleNode() throws Exception {
        try (FakeOpenAiServer vllm = FakeOpenAiServer.start("Qwen/Qwen3-8B");
             RunningGateway gw = RunningGateway.inFrontOfOpenAiNode(vllm.url())) {
            JsonNode report = runClient(gw, "Qwen/Qwen3-8B");

            assertEquals("Hello there", report.path("stream").asText());
            assertEquals(2, report.path("streamEvalCount").asInt());
            assertEquals("Paris", report.at("/toolCall/function/arguments/city").asText());
            assertTrue(vllm.received("/v1/chat/completions").stream()
                    .anyMatch(r -> r.bodyText().contains("data:image/png;base64,iVBORw0KGgo=")), "the image as a data: URI");
            // The node's models are known (discovered), so the gateway itself answers, in Ollama's shape.
            assertEquals("The model 'no-such-model' does not exist", report.at("/error/message").asText());
        }
    }

    private static JsonNode runClient(RunningGateway gw, String model) throws Exception {
        Run client = run(List.of("node", "client.mjs"), gw.url(), model, 60);
        String last = client.output().strip();
        last = last.substring(last.lastIndexOf('\n') + 1);
        assertEquals(0, client.exit(), "the ollama library's checks failed:\n" + client.output());
        return JSON.readTree(last);
    }

    private record Run(int exit, String output) {
    }

    private static Run run(List<String> command, String url, String model, int timeoutSeconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(CLIENT.toFile()).redirectErrorStream(true);
        if (url != null) {
            pb.environment().put("AISTACK_URL", url);
            pb.environment().put("MODEL", model);
        }
        Process p = pb.start();
        byte[][] out = new byte[1][];
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                out[0] = p.getInputStream().readAllBytes();
            } catch (IOException e) {
                out[0] = e.toString().getBytes(StandardCharsets.UTF_8);
            }
        });
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish within " + timeoutSeconds + " s");
        }
        reader.join(5_000);
        return new Run(p.exitValue(), out[0] == null ? "" : new String(out[0], StandardCharsets.UTF_8));
    }
}
