package dev.aistack.scheduling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aistack.support.FakeOllama;
import dev.aistack.support.Http;
import dev.aistack.support.RunningGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The keep_alive policy takes effect on Ollama, as seen in its GET /api/ps, although Ollama's /v1 routes ignore the
 * field: the fake behaves as OLLAMA_WIRE.md §2.2 says (first load via /v1 gets the 5m default).
 */
class KeepAliveTest {
    private static final String CHAT = "/v1/chat/completions";

    private final FakeOllama ollama = FakeOllama.start();
    private final RunningGateway gateway = RunningGateway.inFrontOf(ollama.url());

    @AfterEach
    void stop() {
        gateway.close();
        ollama.close();
    }

    private static String chat(String keepAlive) {
        return "{\"model\":\"llama3.2:1b\"," + (keepAlive == null ? "" : "\"keep_alive\":" + keepAlive + ",")
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    /** expires_at of the model in Ollama's /api/ps, or empty when it is not loaded. */
    private Optional<Instant> expiresAt() throws Exception {
        HttpResponse<String> ps = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(ollama.url()
                + "/api/ps")).build(), HttpResponse.BodyHandlers.ofString());
        for (JsonNode m : new ObjectMapper().readTree(ps.body()).path("models")) {
            if (m.path("name").asText().equals("llama3.2:1b")) {
                return Optional.of(OffsetDateTime.parse(m.path("expires_at").asText()).toInstant());
            }
        }
        return Optional.empty();
    }

    /** The gateway makes the native call after the client has its answer: wait until it is answered, then read the clock. */
    private Instant afterKeepAliveCall() throws InterruptedException {
        assertTrue(ollama.awaitAnswered("/api/generate", 1), "the gateway never sent the keep_alive call");
        return Instant.now();
    }

    private void assertExpiresAbout(Duration keepAlive, Instant before, Instant after) throws Exception {
        Instant expires = expiresAt().orElseThrow(() -> new AssertionError("the model is not loaded"));
        assertTrue(!expires.isBefore(before.plus(keepAlive)) && !expires.isAfter(after.plus(keepAlive)),
                "expires_at " + expires + " is not " + keepAlive + " after the request (" + before + " .. " + after + ")");
    }

    @Test
    void appliesTheDefaultToARequestThatNamesNone() throws Exception {
        Instant before = Instant.now();
        assertEquals(200, Http.postJson(gateway, CHAT, chat(null)).status());
        Instant after = afterKeepAliveCall();
        assertExpiresAbout(Duration.ofSeconds(30), before, after); // Ollama alone would have said 5m
        String native_ = ollama.received("/api/generate").get(0).bodyText();
        assertEquals("{\"model\":\"llama3.2:1b\",\"keep_alive\":\"30s\"}", native_);
    }

    @Test
    void letsAnExplicitDurationWin() throws Exception {
        Instant before = Instant.now();
        Http.postJson(gateway, CHAT, chat("\"1h\""));
        assertExpiresAbout(Duration.ofHours(1), before, afterKeepAliveCall());
    }

    @Test
    void letsANumberOfSecondsWin() throws Exception {
        Instant before = Instant.now();
        Http.postJson(gateway, CHAT, chat("90"));
        assertExpiresAbout(Duration.ofSeconds(90), before, afterKeepAliveCall());
    }

    @Test
    void keepsTheModelForeverForANegativeValue() throws Exception {
        Http.postJson(gateway, CHAT, chat("-1"));
        afterKeepAliveCall();
        assertTrue(expiresAt().orElseThrow().isAfter(Instant.parse("2200-01-01T00:00:00Z")));
    }

    @Test
    void unloadsTheModelForZero() throws Exception {
        Http.postJson(gateway, CHAT, chat("0"));
        afterKeepAliveCall();
        assertEquals(Optional.empty(), expiresAt());
    }

    @Test
    void unloadsForZeroRightAfterARequestWithTheDefault() throws Exception {
        Http.postJson(gateway, CHAT, chat(null));
        Http.postJson(gateway, CHAT, chat("0"));
        gateway.close(); // lets every keep_alive call already due finish
        assertEquals(Optional.empty(), expiresAt());
    }

    @Test
    void letsAnExplicitValueWinRightAfterARequestWithTheDefault() throws Exception {
        Http.postJson(gateway, CHAT, chat(null));
        Instant before = Instant.now();
        Http.postJson(gateway, CHAT, chat("\"1h\""));
        gateway.close(); // lets every keep_alive call already due finish
        assertExpiresAbout(Duration.ofHours(1), before, Instant.now());
    }

    @Test
    void appliesThePolicyAfterAStreamToo() throws Exception {
        Instant before = Instant.now();
        Http.postJson(gateway, CHAT, chat("\"5m\"").replace("{", "{\"stream\":true,"));
        assertExpiresAbout(Duration.ofMinutes(5), before, afterKeepAliveCall());
    }

    @Test
    void keepsTheV1BodyVerbatimWithTheFieldInIt() {
        String body = chat("\"5m\"");
        Http.postJson(gateway, CHAT, body);
        assertEquals(body, ollama.received(CHAT).get(0).bodyText());
    }

    @Test
    void refusesAnInvalidValueBeforeReachingOllama() {
        Http.Response r = Http.postJson(gateway, CHAT, chat("\"abc\""));
        assertEquals(400, r.status());
        assertTrue(r.text().contains("\"code\":\"invalid_keep_alive\""), r.text());
        assertTrue(r.text().contains("\"param\":\"keep_alive\""), r.text());
        assertTrue(ollama.received().isEmpty());
        assertEquals(400, Http.postJson(gateway, CHAT, chat("true")).status());
        assertEquals(400, Http.postJson(gateway, CHAT, chat("\"300\"")).status());
        assertEquals(400, Http.postJson(gateway, CHAT, chat("1e400")).status()); // not a finite number of seconds
    }

    @Test
    void leavesTheModelAloneWhenTheRequestFailed() throws Exception {
        Http.postJson(gateway, CHAT, chat(null).replace("llama3.2:1b", "nope"));
        Http.postJson(gateway, CHAT, chat(null));
        gateway.close(); // lets every keep_alive call already due finish
        assertEquals(1, ollama.received("/api/generate").size()); // the later success's call only
    }

    @Test
    void takesItsDefaultFromTheConfiguration() throws Exception {
        try (RunningGateway custom = RunningGateway.inFrontOf(ollama.url(), "AISTACK_KEEP_ALIVE_DEFAULT", "2m")) {
            Instant before = Instant.now();
            Http.postJson(custom, CHAT, chat(null));
            assertExpiresAbout(Duration.ofMinutes(2), before, afterKeepAliveCall());
        }
    }
}
