package dev.aistack.observe;

import dev.aistack.Gateway;
import dev.aistack.config.ConfigLoader;
import dev.aistack.contract.SpecValidator;
import io.helidon.http.Status;
import io.helidon.webclient.api.ClientResponseTyped;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With Ollama down: the gateway lives, is not ready, still lists (no) models, and says why. */
@ServerTest
class ProbesWithoutOllamaTest {
    private final Http1Client client;

    ProbesWithoutOllamaTest(Http1Client client) {
        this.client = client;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        new Gateway(ConfigLoader.load(Map.of("AISTACK_PORT", "0", "AISTACK_OLLAMA_URL", "http://127.0.0.1:9")))
                .configure(server);
    }

    private ClientResponseTyped<String> get(String path) {
        ClientResponseTyped<String> r = client.get(path).request(String.class);
        SpecValidator.load().validate("GET", path, r.status().code(),
                r.headers().contentType().map(Object::toString).orElse(null), r.entity().getBytes());
        return r;
    }

    @Test
    void healthzAnswersOk() {
        ClientResponseTyped<String> r = get("/healthz");
        assertEquals(Status.OK_200, r.status());
        assertEquals("{\"status\":\"ok\"}", r.entity());
    }

    @Test
    void livezAnswersWhileTheProcessRuns() {
        assertEquals(Status.OK_200, get("/livez").status());
    }

    @Test
    void readyzIsNotReadyAndSaysWhy() {
        ClientResponseTyped<String> r = get("/readyz");
        assertEquals(Status.SERVICE_UNAVAILABLE_503, r.status());
        assertTrue(r.entity().contains("\"status\":\"not_ready\""), r.entity());
        assertTrue(r.entity().contains("Ollama is not reachable at http://127.0.0.1:9"), r.entity());
        assertTrue(r.entity().contains("\"latency_ms\":"), r.entity());
    }

    @Test
    void modelsStillAnswer200WithoutOllamasEntries() {
        ClientResponseTyped<String> r = get("/v1/models");
        assertEquals(Status.OK_200, r.status());
        assertEquals("{\"object\":\"list\",\"data\":[]}", r.entity());
    }
}
