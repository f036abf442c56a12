package dev.aistack.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aistack.support.FakeOllama;
import dev.aistack.support.FakeOpenAiServer;
import dev.aistack.support.RunningGateway;
import dev.aistack.support.SpecCheckingProxy;
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
 * The official Anthropic TypeScript SDK (@anthropic-ai/sdk, pinned in src/test/node/anthropic, installed there by
 * bin/test with npm ci) runs its scenarios against the gateway: over the Ollama fake and over a vLLM-shaped
 * OpenAI-compatible fake, whose streamed tool-call arguments arrive in fragments. Every answer is checked against
 * the spec on the way.
 */
class AnthropicNodeSdkTest {
    private static final Path PROJECT = Path.of(System.getProperty("aistack.basedir", "."));
    private static final Path SCENARIOS = PROJECT.resolve("src/test/node/anthropic");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode run(RunningGateway gateway, String model, String... scenario) throws Exception {
        if (!Files.isDirectory(SCENARIOS.resolve("node_modules/@anthropic-ai/sdk"))) {
            throw new AssertionError("the Anthropic SDK is not installed: run bin/test, or npm ci in " + SCENARIOS);
        }
        try (SpecCheckingProxy proxy = new SpecCheckingProxy(gateway)) {
            Path out = Files.createTempFile("anthropic-sdk", ".json");
            Path err = Files.createTempFile("anthropic-sdk", ".err");
            Process node = new ProcessBuilder(command(proxy.url(), model, scenario))
                    .directory(SCENARIOS.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!node.waitFor(120, TimeUnit.SECONDS)) {
                node.destroyForcibly();
                throw new AssertionError("the SDK scenarios did not finish within 120 s: " + read(err));
            }
            assertEquals(0, node.exitValue(), read(err));
            proxy.assertAllResponsesMatchedTheSpec();
            return JSON.readTree(read(out));
        }
    }

    private static List<String> command(String url, String model, String... scenario) {
        List<String> command = new java.util.ArrayList<>(List.of("node", "scenarios.mjs", url, model));
        command.addAll(List.of(scenario));
        return command;
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    @Test
    void theSdkWorksOverAnOllamaNode() throws Exception {
        try (FakeOllama ollama = FakeOllama.start(); RunningGateway gateway = RunningGateway.inFrontOf(ollama.url())) {
            JsonNode r = run(gateway, "llama3.2:1b");
            assertEquals("Hello there", r.at("/chat/text").asText(), r.toString());
            assertTrue(r.at("/chat/id").asText().startsWith("msg_"), r.toString());
            assertEquals("end_turn", r.at("/chat/stop_reason").asText(), r.toString());
            assertEquals(30, r.at("/chat/usage/input_tokens").asInt(), r.toString());

            assertEquals("Hello there", r.at("/stream/text").asText(), r.toString());
            assertEquals("Hello there", r.at("/stream/final").asText(), r.toString());
            assertEquals(2, r.at("/stream/usage/output_tokens").asInt(), r.toString());
            assertEquals("[\"message_start\",\"content_block_start\",\"content_block_delta\",\"content_block_delta\","
                    + "\"content_block_stop\",\"message_delta\",\"message_stop\"]", r.at("/stream/types").toString());

            assertEquals("get_weather", r.at("/tool/name").asText(), r.toString());
            assertEquals("Paris", r.at("/tool/input/city").asText(), r.toString());
            assertEquals("tool_use", r.at("/tool/stop_reason").asText(), r.toString());

            assertEquals("end_turn", r.at("/image/stop_reason").asText(), r.toString());
            String forwarded = ollama.received("/v1/chat/completions").stream().map(FakeOllama.Received::bodyText)
                    .filter(b -> b.contains("image_url")).findFirst().orElseThrow();
            assertTrue(forwarded.contains("data:image/png;base64,iVBORw0KGgo"), forwarded);

            assertEquals("NotFoundError", r.at("/error/thrown").asText(), r.toString());
            assertEquals(404, r.at("/error/status").asInt(), r.toString());
            assertEquals("not_found_error", r.at("/error/type").asText(), r.toString());

            assertEquals(30, r.at("/count/input_tokens").asInt(), r.toString());
        }
    }

    @Test
    void theSdkRaisesTheErrorEventOfAStreamTheBackendBreaksOff() throws Exception {
        try (FakeOllama ollama = FakeOllama.start(); RunningGateway gateway = RunningGateway.inFrontOf(ollama.url())) {
            ollama.tokens("a", "b", "c").breakStreamAfter(2);
            JsonNode r = run(gateway, "llama3.2:1b", "broken");
            assertEquals("APIError", r.at("/broken/thrown").asText(), r.toString());
            assertTrue(r.at("/broken/message").asText().contains("upstream_stream_broken"), r.toString());
        }
    }

    @Test
    void theSdkAssemblesAToolCallWhoseArgumentsArriveInFragments() throws Exception {
        try (FakeOpenAiServer vllm = FakeOpenAiServer.start("qwen2.5-7b");
             RunningGateway gateway = RunningGateway.inFrontOf(vllm.url())) {
            JsonNode r = run(gateway, "qwen2.5-7b");
            assertEquals("get_weather", r.at("/streamedTool/name").asText(), r.toString());
            assertEquals("Paris", r.at("/streamedTool/input/city").asText(), r.toString());
            assertEquals(3, r.at("/streamedTool/pieces").asInt(), "one inputJson event per fragment: " + r);
            assertEquals("tool_use", r.at("/streamedTool/stop_reason").asText(), r.toString());

            assertEquals("Hello there", r.at("/chat/text").asText(), r.toString());
            assertEquals(12, r.at("/chat/usage/input_tokens").asInt(), r.toString());
            assertEquals("Hello there", r.at("/stream/final").asText(), r.toString());
            assertEquals("Paris", r.at("/tool/input/city").asText(), r.toString());
            assertEquals("NotFoundError", r.at("/error/thrown").asText(), r.toString());
            assertEquals(12, r.at("/count/input_tokens").asInt(), r.toString());
        }
    }
}
