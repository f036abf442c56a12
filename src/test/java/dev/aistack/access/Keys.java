package dev.aistack.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aistack.support.Http;
import dev.aistack.support.RunningGateway;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Test helpers: a gateway with the admin API on, keys created through it, chat calls with a key. */
final class Keys {
    static final String PEPPER = "pepper-for-the-tests-0123456789";
    static final String ADMIN = "admin-token-for-the-tests-0123";
    static final String CHAT = "/v1/chat/completions";
    static final String HELLO = "{\"model\":\"llama3.2:1b\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    static final String ADMIN_KEYS = "/admin/v1/keys";
    static final ObjectMapper JSON = new ObjectMapper();

    private Keys() {
    }

    /** A gateway with the admin API on, plus any other settings. */
    static RunningGateway managed(String ollamaUrl, String... settings) {
        String[] all = new String[settings.length + 4];
        all[0] = "AISTACK_KEY_PEPPER";
        all[1] = PEPPER;
        all[2] = "AISTACK_ADMIN_TOKEN";
        all[3] = ADMIN;
        System.arraycopy(settings, 0, all, 4, settings.length);
        return RunningGateway.inFrontOf(ollamaUrl, all);
    }

    /** Creates a key with this policy body; returns the whole answer (key object plus "key", the secret). */
    static JsonNode create(RunningGateway gw, String policy) {
        Http.Response r = admin(gw, "POST", ADMIN_KEYS, ADMIN_KEYS, policy);
        if (r.status() != 201) {
            throw new AssertionError("create failed: " + r.status() + " " + r.text());
        }
        return json(r);
    }

    static Http.Response admin(RunningGateway gw, String method, String template, String path, String body) {
        return body == null
                ? Http.send(gw, method, template, path, null, "Authorization", "Bearer " + ADMIN)
                : Http.send(gw, method, template, path, body, "Authorization", "Bearer " + ADMIN, "Content-Type",
                "application/json");
    }

    static Http.Response chat(RunningGateway gw, String key, String... headers) {
        return chatBody(gw, key, HELLO, headers);
    }

    static Http.Response chatBody(RunningGateway gw, String key, String body, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Authorization";
        all[1] = "Bearer " + key;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return Http.postJson(gw, CHAT, body, all);
    }

    /**
     * Waits (bounded) until the key's day window shows this many tokens: a request is charged as it ends, just
     * after its last byte reached the client, so the next request may otherwise race the charge.
     */
    static JsonNode awaitDayTokens(RunningGateway gw, String key, long tokens) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        JsonNode me;
        do {
            me = json(Http.get(gw, "/v1/me", "/v1/me", "Authorization", "Bearer " + key));
            if (me.path("usage").path("day").path("used").asLong() == tokens) {
                return me;
            }
            Thread.sleep(10);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the day window never showed " + tokens + " tokens: " + me);
    }

    static JsonNode json(Http.Response r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String code(Http.Response r) {
        return json(r).path("error").path("code").asText();
    }
}
