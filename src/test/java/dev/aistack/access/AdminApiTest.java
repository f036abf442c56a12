package dev.aistack.access;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aistack.config.ConfigException;
import dev.aistack.config.ConfigLoader;
import dev.aistack.support.FakeOllama;
import dev.aistack.support.Http;
import dev.aistack.support.RunningGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /admin/v1/keys: create, list, read, merge patch, rotate, revoke, usage; the token; validation. */
class AdminApiTest {
    private static final String ONE = "/admin/v1/keys/{key_id}";

    private final FakeOllama ollama = FakeOllama.start();
    private final RunningGateway gateway = Keys.managed(ollama.url());

    @AfterEach
    void stop() {
        gateway.close();
        ollama.close();
    }

    private static String one(String id) {
        return "/admin/v1/keys/" + id;
    }

    @Test
    void createAnswers201WithTheSecretShownOnceAndAHint() {
        JsonNode created = Keys.create(gateway, "{\"name\":\"reports\",\"owner\":\"team-a\",\"rpm\":5}");
        String secret = created.path("key").asText();
        assertTrue(secret.matches("ask-[0-9A-Za-z]{40}"), secret);
        assertEquals(secret.substring(4, 12), created.path("hint").asText());
        assertTrue(created.path("id").asText().startsWith("key_"));
        assertEquals("reports", created.path("name").asText());
        assertEquals(5, created.path("rpm").asInt());
        assertTrue(created.path("revoked_at").isNull());

        Http.Response read = Keys.admin(gateway, "GET", ONE, one(created.path("id").asText()), null);
        assertEquals(200, read.status());
        assertFalse(read.text().contains(secret), read.text());
        assertFalse(Keys.json(read).has("key"));
        assertEquals(200, Keys.chat(gateway, secret).status());
    }

    @Test
    void listIsNewestFirstWithoutSecrets() {
        JsonNode a = Keys.create(gateway, "{\"name\":\"a\"}");
        JsonNode b = Keys.create(gateway, "{\"name\":\"b\"}");
        Http.Response list = Keys.admin(gateway, "GET", Keys.ADMIN_KEYS, Keys.ADMIN_KEYS, null);
        JsonNode data = Keys.json(list).path("data");
        assertEquals("list", Keys.json(list).path("object").asText());
        assertEquals(2, data.size());
        assertEquals(b.path("id").asText(), data.get(0).path("id").asText());
        assertEquals(a.path("id").asText(), data.get(1).path("id").asText());
        assertFalse(list.text().contains(a.path("key").asText()));
        assertFalse(list.text().contains("digest"));
    }

    @Test
    void patchIsAJsonMergePatchInWhichNullClearsALimit() {
        JsonNode k = Keys.create(gateway, "{\"name\":\"n\",\"rpm\":5,\"tokens_per_day\":100}");
        String id = k.path("id").asText();
        Http.Response patched = Http.send(gateway, "PATCH", ONE, one(id), "{\"rpm\":null,\"tokens_per_week\":7}",
                "Authorization", "Bearer " + Keys.ADMIN, "Content-Type", "application/merge-patch+json");
        assertEquals(200, patched.status(), patched.text());
        JsonNode after = Keys.json(patched);
        assertTrue(after.path("rpm").isNull());
        assertEquals(100, after.path("tokens_per_day").asInt());
        assertEquals(7, after.path("tokens_per_week").asInt());
        assertEquals("n", after.path("name").asText());
        assertEquals(k.path("hint").asText(), after.path("hint").asText());
        assertEquals(200, Keys.chat(gateway, k.path("key").asText()).status());
    }

    @Test
    void rotateGivesANewSecretAndTheOldOneStopsAtOnce() {
        JsonNode k = Keys.create(gateway, "{\"name\":\"r\",\"rpm\":50}");
        String old = k.path("key").asText();
        Http.Response rotated = Keys.admin(gateway, "POST", "/admin/v1/keys/{key_id}/rotate",
                one(k.path("id").asText()) + "/rotate", null);
        assertEquals(200, rotated.status(), rotated.text());
        String fresh = Keys.json(rotated).path("key").asText();
        assertNotEquals(old, fresh);
        assertEquals(k.path("id").asText(), Keys.json(rotated).path("id").asText());
        assertEquals(50, Keys.json(rotated).path("rpm").asInt());
        assertEquals("invalid_api_key", Keys.code(Keys.chat(gateway, old)));
        assertEquals(200, Keys.chat(gateway, fresh).status());
    }

    @Test
    void revokeStopsTheKeyAtOnceAndKeepsItListed() {
        JsonNode k = Keys.create(gateway, "{\"name\":\"v\"}");
        Http.Response revoked = Keys.admin(gateway, "DELETE", ONE, one(k.path("id").asText()), null);
        assertEquals(200, revoked.status());
        assertTrue(Keys.json(revoked).path("revoked_at").isTextual());
        Http.Response refused = Keys.chat(gateway, k.path("key").asText());
        assertEquals(403, refused.status());
        Http.assertCatalogError(refused, "key_revoked");
        JsonNode data = Keys.json(Keys.admin(gateway, "GET", Keys.ADMIN_KEYS, Keys.ADMIN_KEYS, null)).path("data");
        assertTrue(data.get(0).path("revoked_at").isTextual());
    }

    @Test
    void usageShowsTheTokensOfEachWindowAndTheRequestsThisMinute() throws Exception {
        JsonNode k = Keys.create(gateway, "{\"name\":\"u\",\"rpm\":10,\"tokens_per_day\":1000}");
        Keys.chat(gateway, k.path("key").asText());
        Keys.chat(gateway, k.path("key").asText());
        Keys.awaitDayTokens(gateway, k.path("key").asText(), 64);
        Http.Response usage = Keys.admin(gateway, "GET", "/admin/v1/keys/{key_id}/usage",
                one(k.path("id").asText()) + "/usage", null);
        assertEquals(200, usage.status(), usage.text());
        JsonNode u = Keys.json(usage);
        assertEquals(64, u.path("tokens").path("day").path("used").asLong()); // 2 x (30 prompt + 2 completion)
        assertEquals(936, u.path("tokens").path("day").path("remaining").asLong());
        assertEquals(64, u.path("tokens").path("month").path("used").asLong());
        assertEquals(2, u.path("requests").path("used").asLong());
        assertEquals(8, u.path("requests").path("remaining").asLong());
    }

    @Test
    void aWrongOrMissingAdminTokenIs401InvalidAdminToken() {
        Http.Response wrong = Http.send(gateway, "GET", Keys.ADMIN_KEYS, Keys.ADMIN_KEYS, null, "Authorization",
                "Bearer not-the-admin-token");
        assertEquals(401, wrong.status());
        Http.assertCatalogError(wrong, "invalid_admin_token");
        assertEquals(401, Http.get(gateway, Keys.ADMIN_KEYS, Keys.ADMIN_KEYS).status());
    }

    @Test
    void anUnknownIdIs404KeyNotFound() {
        Http.Response r = Keys.admin(gateway, "GET", ONE, one("key_doesnotexist"), null);
        assertEquals(404, r.status());
        Http.assertCatalogError(r, "key_not_found");
    }

    @Test
    void invalidFieldsAre400NamingTheField() {
        Map<String, String> bodies = Map.of(
                "{\"colour\":\"red\"}", "colour",
                "{\"allowed_ips\":[\"10.0.0.0/33\"]}", "allowed_ips",
                "{\"rpm\":-1}", "rpm",
                "{\"expires_at\":\"tomorrow\"}", "expires_at",
                "{\"quota_scope\":\"owner\"}", "quota_scope",
                "{\"allowed_domains\":[\"https://x.com/\"]}", "allowed_domains",
                "{\"hint\":\"abcdefgh\"}", "hint");
        bodies.forEach((body, field) -> {
            Http.Response r = Keys.admin(gateway, "POST", Keys.ADMIN_KEYS, Keys.ADMIN_KEYS, body);
            assertEquals(400, r.status(), body);
            assertEquals(field, Keys.json(r).path("error").path("param").asText(), body);
        });
        assertEquals(0, Keys.json(Keys.admin(gateway, "GET", Keys.ADMIN_KEYS, Keys.ADMIN_KEYS, null))
                .path("data").size());
    }

    @Test
    void withoutAnAdminTokenTheAdminApiAnswers404() {
        try (RunningGateway plain = RunningGateway.inFrontOf(ollama.url())) {
            Http.Response r = Http.send(plain, "GET", Keys.ADMIN_KEYS, Keys.ADMIN_KEYS, null, "Authorization",
                    "Bearer " + Keys.ADMIN);
            assertEquals(404, r.status());
            Http.assertCatalogError(r, "not_found");
        }
    }

    @Test
    void startUpRefusesAnAdminTokenWithoutAPepper() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of(
                "AISTACK_ADMIN_TOKEN", Keys.ADMIN)));
        assertTrue(e.getMessage().contains("AISTACK_KEY_PEPPER"), e.getMessage());
        assertFalse(e.getMessage().contains(Keys.ADMIN));
    }

    @Test
    void keysAreRequiredAsSoonAsAManagedKeyExists() {
        assertEquals(200, Http.postJson(gateway, Keys.CHAT, Keys.HELLO).status()); // open: no key yet
        Keys.create(gateway, "{\"name\":\"first\"}");
        assertEquals("missing_api_key", Keys.code(Http.postJson(gateway, Keys.CHAT, Keys.HELLO)));
    }
}
