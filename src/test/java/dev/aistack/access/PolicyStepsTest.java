package dev.aistack.access;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aistack.support.FakeOllama;
import dev.aistack.support.Http;
import dev.aistack.support.RunningGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each policy step allows what it should and refuses the rest, before the backend sees anything. */
class PolicyStepsTest {
    private final FakeOllama ollama = FakeOllama.start();
    private final RunningGateway gateway = Keys.managed(ollama.url(), "AISTACK_TRUSTED_PROXIES", "127.0.0.1/32",
            "AISTACK_GPU_SLOTS", "8");

    @AfterEach
    void stop() {
        gateway.close();
        ollama.close();
    }

    private String key(String policy) {
        return Keys.create(gateway, policy).path("key").asText();
    }

    private void assertRefused(Http.Response r, int status, String code) {
        assertEquals(status, r.status(), r.text());
        Http.assertCatalogError(r, code);
    }

    @Test
    void anExpiredKeyIs403KeyExpired() {
        assertRefused(Keys.chat(gateway, key("{\"expires_at\":\"2020-01-01T00:00:00Z\"}")), 403, "key_expired");
        assertEquals(200, Keys.chat(gateway, key("{\"expires_at\":\"2999-01-01T00:00:00+02:00\"}")).status());
        assertTrue(ollama.received(Keys.CHAT).size() == 1);
    }

    @Test
    void theClientAddressMustBeInAllowedIps() {
        assertEquals(200, Keys.chat(gateway, key("{\"allowed_ips\":[\"127.0.0.0/8\",\"2001:db8::/32\"]}")).status());
        assertRefused(Keys.chat(gateway, key("{\"allowed_ips\":[\"10.0.0.0/8\",\"::1/128\"]}")), 403,
                "ip_not_allowed");
    }

    @Test
    void xForwardedForCountsOnlyThroughATrustedProxy() {
        String k = key("{\"allowed_ips\":[\"203.0.113.0/24\"]}");
        // The peer 127.0.0.1 is a trusted proxy here: the right-most untrusted hop is the client.
        assertEquals(200, Keys.chat(gateway, k, "X-Forwarded-For", "198.51.100.1, 203.0.113.9").status());
        assertRefused(Keys.chat(gateway, k, "X-Forwarded-For", "203.0.113.9, 198.51.100.1"), 403, "ip_not_allowed");
        try (RunningGateway untrusting = Keys.managed(ollama.url())) {
            String other = Keys.create(untrusting, "{\"allowed_ips\":[\"203.0.113.0/24\"]}").path("key").asText();
            assertRefused(Keys.chat(untrusting, other, "X-Forwarded-For", "203.0.113.9"), 403, "ip_not_allowed");
        }
    }

    @Test
    void theOriginOrElseTheRefererMustBeAnAllowedDomain() {
        String k = key("{\"allowed_domains\":[\"app.example.com\",\"*.example.org\"]}");
        assertEquals(200, Keys.chat(gateway, k, "Origin", "https://app.example.com").status());
        assertEquals(200, Keys.chat(gateway, k, "Referer", "https://docs.example.org/page?x=1").status());
        assertRefused(Keys.chat(gateway, k, "Origin", "https://evil.example.com"), 403, "domain_not_allowed");
        assertRefused(Keys.chat(gateway, k, "Origin", "https://example.org"), 403, "domain_not_allowed");
        assertRefused(Keys.chat(gateway, k), 403, "domain_not_allowed");
    }

    @Test
    void overTheRpmA429CarriesRetryAfterAndTheRateLimitHeaders() {
        String k = key("{\"rpm\":2}");
        Http.Response first = Keys.chat(gateway, k);
        assertEquals("2", first.header("x-ratelimit-limit-requests"));
        assertEquals("1", first.header("x-ratelimit-remaining-requests"));
        assertTrue(first.header("x-ratelimit-reset-requests").matches("\\d+s"));
        assertEquals("0", Keys.chat(gateway, k).header("x-ratelimit-remaining-requests"));
        Http.Response third = Keys.chat(gateway, k);
        assertRefused(third, 429, "rate_limit_exceeded");
        int retryAfter = Integer.parseInt(third.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, third.header("Retry-After"));
        assertEquals("0", third.header("x-ratelimit-remaining-requests"));
        assertEquals(2, ollama.received(Keys.CHAT).size());
    }

    @Test
    void anExhaustedQuotaIs429WithXShouldRetryFalse() throws Exception {
        String k = key("{\"tokens_per_day\":40}");
        assertEquals(200, Keys.chat(gateway, k).status()); // 32 tokens: under 40
        Keys.awaitDayTokens(gateway, k, 32);
        assertEquals(200, Keys.chat(gateway, k).status()); // 64: overshoots by its own size, as documented
        Keys.awaitDayTokens(gateway, k, 64);
        Http.Response refused = Keys.chat(gateway, k);
        assertRefused(refused, 429, "quota_exceeded");
        assertEquals("false", refused.header("x-should-retry"));
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 86_400, refused.header("Retry-After"));
        assertEquals(2, ollama.received(Keys.CHAT).size());
    }

    @Test
    void aStreamIsChargedWithItsReportedUsage() throws Exception {
        String k = Keys.create(gateway, "{\"tokens_per_month\":1000}").path("key").asText();
        Http.Response r = Keys.chatBody(gateway, k, "{\"model\":\"llama3.2:1b\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(200, r.status());
        JsonNode me = Keys.awaitDayTokens(gateway, k, 28);
        assertEquals(28, me.path("usage").path("month").path("used").asLong()); // 26 prompt + 2 completion
        assertEquals(972, me.path("usage").path("month").path("remaining").asLong());
    }

    @Test
    void ownerScopedQuotasAreSharedByTheOwnersKeys() throws Exception {
        String a = key("{\"owner\":\"team\",\"quota_scope\":\"owner\",\"tokens_per_week\":40}");
        String b = key("{\"owner\":\"team\",\"quota_scope\":\"owner\",\"tokens_per_week\":40}");
        String solo = key("{\"owner\":\"team\",\"tokens_per_week\":40}");
        assertEquals(200, Keys.chat(gateway, a).status());
        assertEquals(200, Keys.chat(gateway, b).status());
        Keys.awaitDayTokens(gateway, b, 64); // the owner's shared counter
        assertRefused(Keys.chat(gateway, a), 429, "quota_exceeded");
        assertEquals(200, Keys.chat(gateway, solo).status()); // key scope: its own counter
    }

    @Test
    void aBoundModelReplacesTheClientsModelInPlace() {
        String k = key("{\"model\":\"qwen2.5:0.5b\"}");
        ollama.addModel("qwen2.5:0.5b");
        Keys.chatBody(gateway, k, "{\"model\":\"anything\",\"x_unknown\":1.10,\"messages\":[]}");
        assertEquals("{\"model\":\"qwen2.5:0.5b\",\"x_unknown\":1.10,\"messages\":[]}",
                ollama.received(Keys.CHAT).get(0).bodyText());
        Http.Response empty = Keys.chatBody(gateway, k, "{\"model\":\"\",\"messages\":[]}");
        assertRefused(empty, 400, "invalid_request");
    }

    @Test
    void meShowsTheKeyItsPolicyUsageAndRateLimit() throws Exception {
        JsonNode created = Keys.create(gateway, "{\"name\":\"me\",\"rpm\":50,\"tokens_per_day\":100}");
        String k = created.path("key").asText();
        Keys.chat(gateway, k);
        Keys.awaitDayTokens(gateway, k, 32);
        Http.Response r = Http.get(gateway, "/v1/me", "/v1/me", "x-api-key", k);
        assertEquals(200, r.status(), r.text());
        JsonNode me = Keys.json(r);
        assertEquals(created.path("id").asText(), me.path("id").asText());
        assertEquals(50, me.path("policy").path("rpm").asInt());
        assertEquals(32, me.path("usage").path("day").path("used").asLong());
        assertEquals(68, me.path("usage").path("day").path("remaining").asLong());
        // Only inference requests count against rpm: /v1/me itself does not.
        assertEquals(1, me.path("rate_limit").path("used").asLong());
        assertEquals(49, me.path("rate_limit").path("remaining").asLong());
        assertTrue(!r.text().contains(k));
    }
}
