package dev.aistack.access;

import dev.aistack.support.FakeOllama;
import dev.aistack.support.Http;
import dev.aistack.support.RunningGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** AISTACK_API_KEYS: keys are required, given as Bearer or x-api-key; probes and contract pages stay open. */
class StaticKeysTest {
    private static final String FIRST = "static-key-one-0123456789";
    private static final String SECOND = "static-key-two-0123456789";

    private final FakeOllama ollama = FakeOllama.start();
    private final RunningGateway gateway = RunningGateway.inFrontOf(ollama.url(), "AISTACK_API_KEYS",
            FIRST + ", " + SECOND);

    @AfterEach
    void stop() {
        gateway.close();
        ollama.close();
    }

    @Test
    void aRequestWithoutAKeyIsRefusedWith401MissingApiKeyAndNeverReachesTheBackend() {
        Http.Response r = Http.postJson(gateway, Keys.CHAT, Keys.HELLO);
        assertEquals(401, r.status());
        Http.assertCatalogError(r, "missing_api_key");
        assertTrue(ollama.received(Keys.CHAT).isEmpty());
    }

    @Test
    void anUnknownKeyIsRefusedWith401InvalidApiKey() {
        Http.Response r = Keys.chat(gateway, "static-key-three-0123456789");
        assertEquals(401, r.status());
        Http.assertCatalogError(r, "invalid_api_key");
        Http.Response malformed = Keys.chat(gateway, "ask-short");
        assertEquals("invalid_api_key", Keys.code(malformed));
    }

    @Test
    void eitherStaticKeyWorksAsBearerOrAsXApiKey() {
        assertEquals(200, Keys.chat(gateway, FIRST).status());
        assertEquals(200, Http.postJson(gateway, Keys.CHAT, Keys.HELLO, "x-api-key", SECOND).status());
        assertEquals(2, ollama.received(Keys.CHAT).size());
    }

    @Test
    void theKeyNeverReachesTheBackend() {
        Keys.chat(gateway, FIRST);
        Http.postJson(gateway, Keys.CHAT, Keys.HELLO, "x-api-key", SECOND);
        for (FakeOllama.Received r : ollama.received(Keys.CHAT)) {
            assertEquals(null, r.header("Authorization"));
            assertEquals(null, r.header("x-api-key"));
        }
    }

    @Test
    void modelsAndTaskStatusNeedAKeyToo() {
        assertEquals(401, Http.get(gateway, "/v1/models", "/v1/models").status());
        assertEquals(200, Http.get(gateway, "/v1/models", "/v1/models", "x-api-key", FIRST).status());
        assertEquals(401, Http.get(gateway, "/tasks/status", "/tasks/status").status());
    }

    @Test
    void probesMetricsAndTheContractStayOpen() {
        for (String path : new String[]{"/healthz", "/livez", "/readyz", "/metrics", "/openapi.json", "/errors"}) {
            assertEquals(200, Http.get(gateway, path, path).status(), path);
        }
    }

    @Test
    void meAnswersStaticWithoutLimits() {
        Http.Response r = Http.get(gateway, "/v1/me", "/v1/me", "Authorization", "Bearer " + SECOND);
        assertEquals(200, r.status());
        assertEquals("static", Keys.json(r).path("id").asText());
        assertTrue(Keys.json(r).path("policy").isNull());
    }

    @Test
    void withoutAnyKeyConfiguredTheGatewayStaysOpen() {
        try (RunningGateway open = RunningGateway.inFrontOf(ollama.url())) {
            assertEquals(200, Http.postJson(open, Keys.CHAT, Keys.HELLO).status());
            assertEquals(401, Http.get(open, "/v1/me", "/v1/me").status());
        }
    }
}
