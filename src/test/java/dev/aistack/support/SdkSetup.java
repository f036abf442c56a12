package dev.aistack.support;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;

import java.time.Duration;

/**
 * The official OpenAI Java SDK pointed at a gateway in front of a fake Ollama, every answer checked against the
 * spec on the way (see SpecCheckingProxy). Closing it fails the test if any answer was outside the spec.
 */
public final class SdkSetup implements AutoCloseable {
    public final FakeOllama ollama = FakeOllama.start();
    public final RunningGateway gateway = RunningGateway.inFrontOf(ollama.url());
    private final SpecCheckingProxy proxy = new SpecCheckingProxy(gateway);
    public final OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(proxy.url() + "/v1")
            .apiKey("ignored-by-ollama").maxRetries(0).timeout(Duration.ofSeconds(30)).build();

    @Override
    public void close() {
        try {
            proxy.assertAllResponsesMatchedTheSpec();
        } finally {
            proxy.close();
            client.close();
            gateway.close();
            ollama.close();
        }
    }
}
