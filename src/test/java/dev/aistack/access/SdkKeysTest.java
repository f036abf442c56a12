package dev.aistack.access;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.aistack.support.FakeOllama;
import dev.aistack.support.RunningGateway;
import dev.aistack.support.SpecCheckingProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The official OpenAI Java SDK reads the key errors as its own typed exceptions, and works with a valid key. */
class SdkKeysTest {
    private static final ChatCompletionCreateParams HELLO = ChatCompletionCreateParams.builder().model("llama3.2:1b")
            .addUserMessage("Say hello.").build();

    private final FakeOllama ollama = FakeOllama.start();
    private final RunningGateway gateway = Keys.managed(ollama.url());
    private final SpecCheckingProxy proxy = new SpecCheckingProxy(gateway);

    @AfterEach
    void stop() {
        try {
            proxy.assertAllResponsesMatchedTheSpec();
        } finally {
            proxy.close();
            gateway.close();
            ollama.close();
        }
    }

    private OpenAIClient client(String key) {
        return OpenAIOkHttpClient.builder().baseUrl(proxy.url() + "/v1").apiKey(key).maxRetries(0)
                .timeout(Duration.ofSeconds(30)).build();
    }

    @Test
    void aValidKeyWorksAWrongOneIsAnAuthenticationErrorAndTheRpmARateLimitError() {
        String key = Keys.create(gateway, "{\"rpm\":1}").path("key").asText();
        OpenAIClient good = client(key);
        OpenAIClient bad = client("ask-0000000000000000000000000000000000000000");
        try {
            ChatCompletion reply = good.chat().completions().create(HELLO);
            assertEquals("Hello there", reply.choices().get(0).message().content().orElseThrow());

            UnauthorizedException denied = assertThrows(UnauthorizedException.class,
                    () -> bad.chat().completions().create(HELLO));
            assertEquals(401, denied.statusCode());

            RateLimitException limited = assertThrows(RateLimitException.class,
                    () -> good.chat().completions().create(HELLO));
            assertEquals(429, limited.statusCode());
            assertEquals("rate_limit_exceeded", limited.code().orElseThrow());
        } finally {
            good.close();
            bad.close();
        }
    }
}
