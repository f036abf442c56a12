package dev.aistack.access;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aistack.support.FakeOllama;
import dev.aistack.support.Http;
import dev.aistack.support.RedisServer;
import dev.aistack.support.RunningGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two gateways on one real redis-server: one rate limit, exact; key changes seen at once; no secret in Redis. */
class ReplicasTest {
    private final RedisServer redis = RedisServer.start();
    private final FakeOllama ollama = FakeOllama.start();
    private final RunningGateway first = Keys.managed(ollama.url(), "AISTACK_REDIS_URL", redis.url(),
            "AISTACK_GPU_SLOTS", "64");
    private final RunningGateway second = Keys.managed(ollama.url(), "AISTACK_REDIS_URL", redis.url(),
            "AISTACK_GPU_SLOTS", "64");

    @AfterEach
    void stop() {
        first.close();
        second.close();
        ollama.close();
        redis.close();
    }

    /** The limit works in fixed minute windows: start a burst well inside one, so it cannot straddle two. */
    private static void awaitEarlyInAMinute() throws InterruptedException {
        while (Instant.now().atOffset(ZoneOffset.UTC).getSecond() > 40) {
            Thread.sleep(200);
        }
    }

    @Test
    void fiftyConcurrentRequestsOverTwoReplicasAdmitExactlyTheRpm() throws Exception {
        String key = Keys.create(first, "{\"rpm\":10}").path("key").asText();
        awaitEarlyInAMinute();
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            RunningGateway target = i % 2 == 0 ? first : second;
            answers.add(pool.submit((Callable<Integer>) () -> Keys.chat(target, key).status()));
        }
        int ok = 0;
        int limited = 0;
        for (Future<Integer> f : answers) {
            int status = f.get();
            if (status == 200) {
                ok++;
            } else if (status == 429) {
                limited++;
            }
        }
        pool.shutdown();
        assertEquals(10, ok);
        assertEquals(40, limited);
        assertEquals(10, ollama.received(Keys.CHAT).size());
    }

    @Test
    void aKeyCreatedRotatedAndRevokedOnOneReplicaIsSeenOnTheOtherAtOnce() {
        JsonNode k = Keys.create(first, "{\"name\":\"shared\"}");
        String id = k.path("id").asText();
        assertEquals(200, Keys.chat(second, k.path("key").asText()).status());

        String fresh = Keys.json(Keys.admin(first, "POST", "/admin/v1/keys/{key_id}/rotate",
                "/admin/v1/keys/" + id + "/rotate", null)).path("key").asText();
        assertEquals("invalid_api_key", Keys.code(Keys.chat(second, k.path("key").asText())));
        assertEquals(200, Keys.chat(second, fresh).status());

        Keys.admin(second, "DELETE", "/admin/v1/keys/{key_id}", "/admin/v1/keys/" + id, null);
        assertEquals("key_revoked", Keys.code(Keys.chat(first, fresh)));
    }

    @Test
    void quotasAreSharedByTheReplicas() throws Exception {
        String key = Keys.create(first, "{\"tokens_per_day\":50}").path("key").asText();
        assertEquals(200, Keys.chat(first, key).status());
        Keys.awaitDayTokens(second, key, 32);
        assertEquals(200, Keys.chat(second, key).status());
        Keys.awaitDayTokens(first, key, 64);
        assertEquals("quota_exceeded", Keys.code(Keys.chat(first, key)));
    }

    @Test
    void redisHoldsNoSecretAndNoRecordWithoutItsDigest() {
        List<String> secrets = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            secrets.add(Keys.create(first, "{\"name\":\"k" + i + "\"}").path("key").asText());
        }
        secrets.add(Keys.json(Keys.admin(first, "POST", "/admin/v1/keys/{key_id}/rotate", "/admin/v1/keys/"
                + Keys.create(first, "{}").path("id").asText() + "/rotate", null)).path("key").asText());
        Keys.chat(second, secrets.get(0));
        int records = 0;
        try (RedisClient raw = RedisClient.create("127.0.0.1", redis.port())) {
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = raw.scan(cursor, new ScanParams().count(1000));
                for (String name : page.getResult()) {
                    String type = raw.type(name);
                    String value = type.equals("string") ? raw.get(name) : String.join(" ", raw.zrange(name, 0, -1));
                    for (String s : secrets) {
                        assertFalse(name.contains(s) || value.contains(s) || name.contains(s.substring(4))
                                || value.contains(s.substring(4)), "a secret is stored in Redis under " + name);
                    }
                    if (name.startsWith("aistack:apikey:")) {
                        records++;
                        assertTrue(value.matches(".*\"digest\":\"[0-9a-f]{64}\".*"), value);
                    }
                }
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        }
        assertEquals(4, records);
    }
}
