package dev.aistack.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aistack.support.FakeOllama;
import dev.aistack.support.FakeOpenAiServer;
import dev.aistack.support.FleetOfFakes;
import dev.aistack.support.Http;
import dev.aistack.support.RunningGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Routing over several real backends on loopback: weights, failover before the first byte, fallback, aliases. */
class FleetRoutingTest {
    private static final String CHAT = "/v1/chat/completions";
    private static final String HELLO = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final FleetOfFakes fleet = new FleetOfFakes();

    private FakeOpenAiServer openAi(String... models) {
        return fleet.openAi(models);
    }

    private RunningGateway gateway(String yaml, String... settings) {
        return fleet.gateway(yaml, settings);
    }

    @Test
    void distributesExactlyByWeightWithSmoothWeightedRoundRobin() {
        FakeOpenAiServer a = openAi("m");
        FakeOpenAiServer b = openAi("m");
        FakeOpenAiServer c = openAi("m");
        RunningGateway gw = gateway("nodes:\n" + FleetOfFakes.node("a", a.url(), "    weight: 3\n")
                + FleetOfFakes.node("b", b.url(), "    weight: 2\n") + FleetOfFakes.node("c", c.url(), "    weight: 1\n"));
        Map<String, Integer> answeredBy = new HashMap<>();
        for (int i = 0; i < 60; i++) {
            Http.Response r = Http.postJson(gw, CHAT, HELLO);
            assertEquals(200, r.status(), r.text());
            answeredBy.merge(r.header("X-Aistack-Node"), 1, Integer::sum);
        }
        assertEquals(Map.of("a", 30, "b", 20, "c", 10), answeredBy);
        assertEquals(30, a.received(CHAT).size());
    }

    @Test
    void failsOverToTheNextNodeWhenOneRefusesConnections() {
        FakeOpenAiServer down = openAi("m").refuseConnections();
        FakeOpenAiServer up = openAi("m");
        RunningGateway gw = gateway("nodes:\n" + FleetOfFakes.node("down", down.url(), "    weight: 10\n") + FleetOfFakes.node("up", up.url(), ""));
        Http.Response r = Http.postJson(gw, CHAT, HELLO);
        assertEquals(200, r.status(), r.text());
        assertEquals("up", r.header("X-Aistack-Node"));
    }

    @Test
    void failsOverOnA503AndOnA429() throws Exception {
        FakeOpenAiServer busy = openAi("m");
        FakeOpenAiServer limited = openAi("m");
        FakeOpenAiServer up = openAi("m");
        RunningGateway gw = gateway("nodes:\n" + FleetOfFakes.node("busy", busy.url(), "    weight: 10\n")
                + FleetOfFakes.node("limited", limited.url(), "    weight: 5\n") + FleetOfFakes.node("up", up.url(), ""),
                "AISTACK_PROBE_INTERVAL", "1h");
        awaitProbed(busy, limited, up);
        busy.failWith(503, 1);
        limited.failWith(429, 1);
        Http.Response r = Http.postJson(gw, CHAT, HELLO);
        assertEquals(200, r.status(), r.text());
        assertEquals("up", r.header("X-Aistack-Node"));
        assertEquals(1, busy.received(CHAT).size());
        assertEquals(1, limited.received(CHAT).size());
    }

    @Test
    void passesAClientErrorOfTheBackendThroughWithoutFailover() throws Exception {
        FakeOpenAiServer first = openAi("m");
        FakeOpenAiServer second = openAi("m");
        RunningGateway gw = gateway("nodes:\n" + FleetOfFakes.node("first", first.url(), "    weight: 10\n")
                + FleetOfFakes.node("second", second.url(), ""), "AISTACK_PROBE_INTERVAL", "1h");
        awaitProbed(first, second);
        first.failWith(400, 1);
        // vLLM's error body is its own (code is a number), outside the spec: read it without the spec check.
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(gw.uri(CHAT)).POST(java.net.http.HttpRequest.BodyPublishers
                        .ofString(HELLO)).header("Content-Type", "application/json").build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(400, r.statusCode(), r.body());
        assertEquals("first", r.headers().firstValue("X-Aistack-Node").orElse(null));
        assertTrue(second.received(CHAT).isEmpty());
    }

    /** The first probe round has asked every node (so a fault set now meets a request, not a probe). */
    private static void awaitProbed(FakeOpenAiServer... servers) throws InterruptedException {
        for (FakeOpenAiServer s : servers) {
            assertTrue(s.awaitRequests("/v1/models", 1), "never probed");
        }
        Thread.sleep(100); // the probe's answer is on its way back
    }

    @Test
    void failsOverWhenTheFirstNodeIsSlowerThanTheUpstreamTimeoutToItsFirstByte() {
        FakeOpenAiServer slow = openAi("m").delayFirstByte(Duration.ofSeconds(3));
        FakeOpenAiServer up = openAi("m");
        RunningGateway gw = gateway("nodes:\n" + FleetOfFakes.node("slow", slow.url(), "    weight: 10\n") + FleetOfFakes.node("up", up.url(), ""),
                "AISTACK_UPSTREAM_TIMEOUT", "500ms");
        Http.Response r = Http.postJson(gw, CHAT, HELLO);
        assertEquals(200, r.status(), r.text());
        assertEquals("up", r.header("X-Aistack-Node"));
    }

    @Test
    void neverFailsOverOnceTheStreamHasStarted() {
        FakeOpenAiServer breaks = openAi("m").breakStreamAfter(1);
        FakeOpenAiServer other = openAi("m");
        RunningGateway gw = gateway("nodes:\n" + FleetOfFakes.node("breaks", breaks.url(), "    weight: 10\n")
                + FleetOfFakes.node("other", other.url(), ""));
        Http.Response r = Http.postJson(gw, CHAT, "{\"model\":\"m\",\"stream\":true,\"messages\":[]}");
        assertEquals(200, r.status());
        assertEquals("breaks", r.header("X-Aistack-Node"));
        assertTrue(r.text().contains("upstream_stream_broken"), r.text());
        assertTrue(other.received(CHAT).isEmpty(), "a started stream must not be sent to another node");
    }

    @Test
    void usesAFallbackNodeOnlyWhenNoLocalNodeCanServe() {
        FakeOpenAiServer local = openAi("m");
        FakeOpenAiServer remote = openAi("m");
        RunningGateway gw = gateway("nodes:\n" + FleetOfFakes.node("local", local.url(), "")
                + FleetOfFakes.node("remote", remote.url(), "    fallback: true\n    weight: 100\n"));
        for (int i = 0; i < 5; i++) {
            assertEquals("local", Http.postJson(gw, CHAT, HELLO).header("X-Aistack-Node"));
        }
        assertTrue(remote.received(CHAT).isEmpty());
        local.refuseConnections();
        Http.Response r = Http.postJson(gw, CHAT, HELLO);
        assertEquals(200, r.status(), r.text());
        assertEquals("remote", r.header("X-Aistack-Node"));
    }

    @Test
    void anAliasRewritesOnlyTheModelValue() {
        FakeOpenAiServer node = openAi("llama3.2:1b");
        RunningGateway gw = gateway("nodes:\n  - name: n\n    url: " + node.url() + "\n    kind: openai\n"
                + "    models: [llama3.2:1b]\n    aliases: {chat-small: llama3.2:1b}\n");
        String body = "{ \"temperature\" : 0.70, \"model\":\"chat-small\",\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"caf\\u00e9\"}],\"x_vendor\":{\"n\":1.50} }";
        Http.Response r = Http.postJson(gw, CHAT, body);
        assertEquals(200, r.status(), r.text());
        assertArrayEquals(body.replace("\"chat-small\"", "\"llama3.2:1b\"").getBytes(StandardCharsets.UTF_8),
                node.received(CHAT).get(0).body());
    }

    @Test
    void aModelNoNodeServesIsOpenAisModelNotFound() {
        FakeOpenAiServer node = openAi("m");
        RunningGateway gw = gateway("nodes:\n" + FleetOfFakes.node("n", node.url(), ""));
        Http.Response r = Http.postJson(gw, CHAT, "{\"model\":\"nope\",\"messages\":[]}");
        Http.assertCatalogError(r, "model_not_found");
        assertEquals(404, r.status());
        assertTrue(node.received(CHAT).isEmpty());
    }

    @Test
    void sendsTheNodesOwnBearerAndNeverTheClients() {
        FakeOpenAiServer node = openAi("m").requireApiKey("node-secret");
        RunningGateway gw = gateway("nodes:\n" + FleetOfFakes.node("n", node.url(), "    api_key_env: NODE_KEY\n"),
                "NODE_KEY", "node-secret");
        Http.Response r = Http.postJson(gw, CHAT, HELLO, "Authorization", "Bearer client-key");
        assertEquals(200, r.status(), r.text());
        assertEquals("Bearer node-secret", node.received(CHAT).get(0).header("Authorization"));
    }

    @Test
    void readyzAndInfoShowTheFleet() throws Exception {
        FakeOllama ollama = fleet.ollama();
        FakeOpenAiServer vllm = openAi("qwen");
        FakeOpenAiServer gone = openAi("qwen").refuseConnections();
        RunningGateway gw = gateway("nodes:\n  - name: gpu-a\n    url: " + ollama.url() + "\n    kind: ollama\n"
                + "  - name: vllm-b\n    url: " + vllm.url() + "\n    kind: openai\n"
                + "    capabilities: {qwen: [chat, tools]}\n    context_length: {qwen: 32768}\n"
                + "  - name: gone\n    url: " + gone.url() + "\n    kind: openai\n    models: [qwen]\n");
        JsonNode ready = JSON.readTree(Http.get(gw, "/readyz", "/readyz").body());
        assertEquals("ready", ready.path("status").asText(), ready.toString());
        assertEquals("up", ready.path("checks").path("gpu-a").path("status").asText());
        assertEquals("down", ready.path("checks").path("gone").path("status").asText());
        assertEquals(1, ready.path("checks").path("vllm-b").path("gpu_slots").asInt());

        JsonNode info = JSON.readTree(Http.get(gw, "/v1/info", "/v1/info").body());
        Map<String, JsonNode> byId = new HashMap<>();
        info.path("data").forEach(m -> byId.put(m.path("id").asText(), m));
        assertEquals("[\"chat\",\"completion\",\"tools\"]", byId.get("llama3.2:1b").path("capabilities").toString());
        assertEquals(131072, byId.get("llama3.2:1b").path("context_length").asInt());
        assertEquals("[\"vllm-b\",\"gone\"]", byId.get("qwen").path("nodes").toString(), info.toString());
        assertEquals(32768, byId.get("qwen").path("context_length").asInt());
    }
}
