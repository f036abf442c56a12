package dev.aistack.inference;

import dev.aistack.support.GatewayAndOllama;
import dev.aistack.support.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The few fields the gateway reads are validated through the real server; nothing invalid costs a backend call. */
class RequestValidationTest {
    private static final String CHAT = "/v1/chat/completions";

    @RegisterExtension
    final GatewayAndOllama env = new GatewayAndOllama();

    @Test
    void aStreamFlagThatIsNotABooleanIsA400NamingTheField() {
        for (String value : new String[]{"\"yes\"", "-1", "{}"}) {
            Http.Response r = Http.postJson(env.gateway(), CHAT, "{\"model\":\"llama3.2:1b\",\"stream\":" + value
                    + ",\"messages\":[]}");
            Http.assertCatalogError(r, "invalid_request");
            assertTrue(r.text().contains("\"param\":\"stream\""), r.text());
        }
        assertTrue(env.ollama().received(CHAT).isEmpty());
    }

    @Test
    void aKeepAliveTooLargeForOllamaIsA400() {
        Http.Response r = Http.postJson(env.gateway(), CHAT, "{\"model\":\"llama3.2:1b\",\"keep_alive\":1e300,"
                + "\"messages\":[]}");
        Http.assertCatalogError(r, "invalid_keep_alive");
        assertTrue(env.ollama().received().isEmpty(), "neither the call nor a keep_alive call was sent");
    }

    @Test
    void jsonNestedDeeperThanAThousandLevelsIsA400NotA500() {
        int depth = 5000;
        Http.Response r = Http.postJson(env.gateway(), CHAT, "{\"model\":\"m\",\"x\":" + "[".repeat(depth)
                + "]".repeat(depth) + "}");
        Http.assertCatalogError(r, "invalid_json");
        assertEquals(400, r.status());
        assertTrue(env.ollama().received(CHAT).isEmpty());
    }
}
