package dev.aistack.routing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.aistack.support.FakeOllama;
import dev.aistack.support.FakeOpenAiServer;
import dev.aistack.support.FleetOfFakes;
import dev.aistack.support.Http;
import dev.aistack.support.RunningGateway;
import dev.aistack.support.SpecCheckingProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A node's circuit breaker opens, skips, half-opens and closes; a key's cluster holds; the SDK over a mixed fleet. */
class BreakerAndClusterTest {
    private static final String CHAT = "/v1/chat/completions";
    private static final String HELLO = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String PEPPER = "pepper-for-the-routing-tests-01";
    private static final String ADMIN = "admin-token-for-routing-tests-1";

    @RegisterExtension
    final FleetOfFakes fleet = new FleetOfFakes();

    private FakeOpenAiServer openAi(String... models) {
        return fleet.openAi(models);
    }

    private RunningGateway gateway(String yaml, String... settings) {
        return fleet.gateway(yaml, settings);
    }

    private static String metric(RunningGateway gw, String series) {
        for (String line : Http.get(gw, "/metrics", "/metrics").text().split("\n")) {
            if (line.startsWith(series + " ")) {
                return line.substring(series.length() + 1);
            }
        }
        return null;
    }

    @Test
    void theBreakerOpensAfterConsecutiveFailuresSkipsTheNodeThenOneTrialClosesIt() throws Exception {
        FakeOpenAiServer flaky = openAi("m");
        FakeOpenAiServer steady = openAi("m");
        RunningGateway gw = gateway("nodes:\n" + FleetOfFakes.node("flaky", flaky.url(), "    weight: 10\n    models: [m]\n")
                        + FleetOfFakes.node("steady", steady.url(), "    models: [m]\n"),
                "AISTACK_BREAKER_FAILURES", "2", "AISTACK_BREAKER_COOLDOWN", "1s", "AISTACK_PROBE_INTERVAL", "1h");
        assertTrue(flaky.awaitRequests("/v1/models", 1) && steady.awaitRequests("/v1/models", 1), "never probed");
        Thread.sleep(100); // the first probe's answer is on its way back
        flaky.failWith(503);

        for (int i = 0; i < 6; i++) {
            Http.Response r = Http.postJson(gw, CHAT, HELLO);
            assertEquals(200, r.status(), r.text());
            assertEquals("steady", r.header("X-Aistack-Node"));
        }
        assertEquals(2, flaky.received(CHAT).size(), "after 2 failures the open breaker skips the node");
        assertEquals("1.0", metric(gw, "aistack_node_breaker_state{node=\"flaky\"}"));

        flaky.recover();
        Thread.sleep(1200); // the cooldown
        Http.Response trial = Http.postJson(gw, CHAT, HELLO);
        assertEquals(200, trial.status(), trial.text());
        assertEquals("flaky", trial.header("X-Aistack-Node"), "the half-open trial goes to the node");
        assertEquals("0.0", metric(gw, "aistack_node_breaker_state{node=\"flaky\"}"), "one success closes it");
        assertTrue(metric(gw, "aistack_failovers_total{node=\"flaky\",reason=\"status_503\"}") != null);
    }

    @Test
    void aKeyBoundToAClusterIsServedOnlyByItsNodes() throws Exception {
        FakeOpenAiServer interactive = openAi("m", "only-here");
        FakeOpenAiServer batch = openAi("m");
        RunningGateway gw = gateway("nodes:\n"
                        + FleetOfFakes.node("interactive", interactive.url(), "    weight: 10\n    cluster: interactive\n"
                        + "    models: [m, only-here]\n")
                        + FleetOfFakes.node("batch", batch.url(), "    cluster: batch\n    models: [m]\n"),
                "AISTACK_KEY_PEPPER", PEPPER, "AISTACK_ADMIN_TOKEN", ADMIN);
        Http.Response created = Http.send(gw, "POST", "/admin/v1/keys", "/admin/v1/keys",
                "{\"name\":\"nightly\",\"cluster\":\"batch\"}", "Authorization", "Bearer " + ADMIN,
                "Content-Type", "application/json");
        assertEquals(201, created.status(), created.text());
        String key = new ObjectMapper().readTree(created.body()).path("key").asText();
        assertEquals("batch", new ObjectMapper().readTree(created.body()).path("cluster").asText());

        for (int i = 0; i < 4; i++) {
            Http.Response r = Http.postJson(gw, CHAT, HELLO, "Authorization", "Bearer " + key);
            assertEquals(200, r.status(), r.text());
            assertEquals("batch", r.header("X-Aistack-Node"));
        }
        assertTrue(interactive.received(CHAT).isEmpty());

        Http.Response elsewhere = Http.postJson(gw, CHAT, "{\"model\":\"only-here\",\"messages\":[]}",
                "Authorization", "Bearer " + key);
        Http.assertCatalogError(elsewhere, "no_backend_for_model");
        assertEquals(503, elsewhere.status());
        assertTrue(elsewhere.header("Retry-After") != null);
        assertTrue(interactive.received(CHAT).isEmpty(), "never a node of another cluster");
    }

    @Test
    void theOpenAiJavaSdkWorksUnchangedAgainstAMixedFleet() {
        FakeOllama ollama = fleet.ollama();
        FakeOpenAiServer vllm = openAi("qwen");
        RunningGateway gw = gateway("nodes:\n  - name: gpu-a\n    url: " + ollama.url() + "\n    kind: ollama\n"
                + "    models: [llama3.2:1b]\n" + FleetOfFakes.node("vllm-b", vllm.url(), "    models: [qwen]\n"));
        SpecCheckingProxy proxy = new SpecCheckingProxy(gw);
        fleet.keep(proxy::close);
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(proxy.url() + "/v1").apiKey("unused")
                .maxRetries(0).timeout(Duration.ofSeconds(30)).build();
        fleet.keep(client::close);
        ChatCompletion fromOllama = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("llama3.2:1b").addUserMessage("hi").build());
        ChatCompletion fromVllm = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("qwen").addUserMessage("hi").build());
        assertEquals("Hello there", fromOllama.choices().get(0).message().content().orElse(""));
        assertTrue(fromVllm.choices().get(0).message().content().isPresent());
        assertEquals(1, vllm.received(CHAT).size());
        assertEquals(1, ollama.received(CHAT).size());
        proxy.assertAllResponsesMatchedTheSpec();
    }
}
