package dev.aistack.openai;

import dev.aistack.support.FakeOllama;
import dev.aistack.support.GatewayAndOllama;
import dev.aistack.support.Http;
import dev.aistack.support.RunningGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChatPassthroughTest {
    private static final String CHAT = "/v1/chat/completions";

    @RegisterExtension
    final GatewayAndOllama env = new GatewayAndOllama();

    @Test
    void forwardsTheBodyByteForByteAndRelaysTheAnswerUnchanged() {
        // Odd spacing, escapes, a non-ASCII string and a field no schema knows: all must arrive untouched.
        String body = "{ \"model\" : \"llama3.2:1b\",\"messages\":[{\"role\":\"user\",\"content\":\"caf\\u00e9 <b> é\"}],"
                + "\"x_vendor\":{\"n\":1.50},\"temperature\":0.70 }";
        Http.Response r = Http.postJson(env.gateway(), CHAT, body);

        assertEquals(200, r.status());
        assertArrayEquals(body.getBytes(StandardCharsets.UTF_8), env.ollama().received(CHAT).get(0).body());
        assertEquals("{\"id\":\"chatcmpl-431\",\"object\":\"chat.completion\",\"created\":1740569824,\"model\":\"llama3.2:1b\","
                + "\"system_fingerprint\":\"fp_ollama\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"Hello there\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":30,"
                + "\"completion_tokens\":2,\"total_tokens\":32}}\n", r.text());
        assertEquals("application/json", r.header("Content-Type"));
    }

    @Test
    void keepsTheClientsHostOriginAndCredentialsAwayFromOllama() {
        Http.postJson(env.gateway(), CHAT, "{\"model\":\"llama3.2:1b\",\"messages\":[]}",
                "Origin", "https://app.example.com", "Authorization", "Bearer sk-client", "x-api-key", "k",
                "X-Custom", "kept");
        FakeOllama.Received got = env.ollama().received(CHAT).get(0);
        assertNull(got.header("Origin"));
        assertNull(got.header("Authorization"));
        assertNull(got.header("x-api-key"));
        assertEquals("kept", got.header("X-Custom"));
        assertTrue(got.header("Host").startsWith("127.0.0.1:"), got.header("Host"));
    }

    @Test
    void passesBackendErrorsThroughVerbatim() {
        Http.Response r = Http.postJson(env.gateway(), CHAT, "{\"model\":\"nope\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(404, r.status());
        assertEquals("{\"error\":{\"message\":\"model 'nope' not found\",\"type\":\"not_found_error\",\"param\":null,"
                + "\"code\":null}}\n", r.text());
        assertEquals("application/json", r.header("Content-Type"));
    }

    @Test
    void rejectsMalformedJsonWithoutForwardingIt() {
        Http.Response r = Http.postJson(env.gateway(), CHAT, "{\"model\":\"llama3.2:1b\",");
        assertEquals(400, r.status());
        assertTrue(r.text().contains("\"code\":\"invalid_json\""), r.text());
        assertTrue(r.text().contains("\"provider\":\"aistack\""), r.text());
        assertTrue(env.ollama().received(CHAT).isEmpty());
    }

    @Test
    void rejectsANonObjectBody() {
        Http.Response r = Http.postJson(env.gateway(), CHAT, "[1]");
        assertEquals(400, r.status());
        assertTrue(r.text().contains("\"code\":\"invalid_request\""), r.text());
        assertTrue(env.ollama().received(CHAT).isEmpty());
    }

    @Test
    void rejectsANonJsonContentType() {
        Http.Response r = Http.send(env.gateway(), "POST", CHAT, CHAT, "model=x", "Content-Type", "application/x-www-form-urlencoded");
        assertEquals(415, r.status());
        assertTrue(r.text().contains("\"code\":\"unsupported_media_type\""), r.text());
    }

    @Test
    void rejectsABodyOverTheLimit() {
        try (FakeOllama small = FakeOllama.start();
             RunningGateway tight = RunningGateway.inFrontOf(small.url(), "AISTACK_MAX_BODY_BYTES", "1024")) {
            String big = "{\"model\":\"llama3.2:1b\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(2000) + "\"}]}";
            Http.Response r = Http.postJson(tight, CHAT, big);
            assertEquals(413, r.status());
            assertTrue(r.text().contains("\"code\":\"body_too_large\""), r.text());
            assertTrue(small.received(CHAT).isEmpty());
        }
    }

    @Test
    void echoesTheClientsRequestIdOrMakesOne() {
        Http.Response given = Http.postJson(env.gateway(), CHAT, "{\"model\":\"llama3.2:1b\",\"messages\":[]}",
                "X-Request-Id", "req-42.a:b");
        assertEquals("req-42.a:b", given.header("X-Request-Id"));
        assertEquals("req-42.a:b", env.ollama().received(CHAT).get(0).header("X-Request-Id"));

        Http.Response made = Http.postJson(env.gateway(), CHAT, "{\"model\":\"llama3.2:1b\",\"messages\":[]}",
                "X-Request-Id", "has spaces");
        assertNotNull(made.header("X-Request-Id"));
        assertTrue(made.header("X-Request-Id").matches("[0-9a-f-]{36}"), made.header("X-Request-Id"));
        assertEquals(made.header("X-Request-Id"), env.ollama().received(CHAT).get(1).header("X-Request-Id"));

        Http.Response error = Http.postJson(env.gateway(), CHAT, "{bad", "X-Request-Id", "req-err");
        assertEquals("req-err", error.header("X-Request-Id"));
    }

    @Test
    void answersUnknownRoutesAndWrongMethodsFromTheCatalog() {
        Http.Response wrongMethod = Http.sendOutsideTheSpec(env.gateway(), "GET", CHAT);
        assertEquals(405, wrongMethod.status());
        assertEquals("POST", wrongMethod.header("Allow"));
        Http.assertCatalogError(wrongMethod, "method_not_allowed");
        assertNotNull(wrongMethod.header("X-Request-Id"));
        assertTrue(env.ollama().received().isEmpty(), "a wrong method on the gateway's own route must not be passed on");

        Http.Response unknown = Http.sendOutsideTheSpec(env.gateway(), "GET", "/v2/models");
        assertEquals(404, unknown.status());
        Http.assertCatalogError(unknown, "not_found");
    }
}
