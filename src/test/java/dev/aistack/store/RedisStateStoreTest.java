package dev.aistack.store;

import dev.aistack.support.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedisStateStoreTest extends StateStoreContract {
    private static RedisServer redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Override
    protected StateStore newStore(String prefix) {
        return new RedisStateStore(redis.url(), prefix, Duration.ofMillis(250), Clock.systemUTC());
    }

    @Override
    protected void letTimePass(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis()); // Redis expires keys by its own clock
    }

    @Test
    void writesKeysUnderThePrefix() {
        store = newStore("aistack:");
        store.put("task:abc", "{}", Duration.ofMinutes(1));
        try (RedisClient plain = RedisClient.create("127.0.0.1", redis.port())) {
            assertEquals("{}", plain.get("aistack:task:abc"));
            assertTrue(plain.pttl("aistack:task:abc") > 0, "the TTL was not set in Redis");
        }
    }

    @Test
    void failsFastWhileRedisIsDownAndRecoversWithoutARestart() throws Exception {
        store = newStore("outage:");
        store.put("k", "before", Duration.ofMinutes(1));
        redis.stop();
        assertThrows(StateStoreException.class, () -> store.get("k"));
        assertThrows(StateStoreException.class, () -> store.put("k", "during", Duration.ofMinutes(1)));
        redis.restart(); // no persistence: Redis comes back empty
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        boolean recovered = false;
        while (!recovered && System.nanoTime() < deadline) {
            try {
                store.put("k", "after", Duration.ofMinutes(1));
                recovered = true;
            } catch (StateStoreException stillCoolingDown) {
                Thread.sleep(100);
            }
        }
        assertTrue(recovered, "the store never worked again after Redis came back");
        assertEquals(Optional.of("after"), store.get("k"));
    }

    @Test
    void failsSoonOnEveryCallWhileRedisIsFrozenAndWorksAgainOnceItResumes() throws Exception {
        store = newStore("frozen:");
        store.put("k", "before", Duration.ofMinutes(1));
        redis.freeze();
        List<Future<Boolean>> calls = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            // More callers than pooled connections: none may wait for a connection longer than the timeout.
            for (int i = 0; i < 48; i++) {
                calls.add(pool.submit(() -> {
                    try {
                        store.get("k");
                        return false;
                    } catch (StateStoreException expected) {
                        return true;
                    }
                }));
            }
            for (Future<Boolean> call : calls) {
                assertTrue(call.get(3, TimeUnit.SECONDS), "a call on a frozen Redis did not fail");
            }
        } finally {
            redis.resume();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Optional<String> after = Optional.empty();
        while (after.isEmpty() && System.nanoTime() < deadline) {
            try {
                after = store.get("k");
            } catch (StateStoreException coolingDown) {
                Thread.sleep(100);
            }
        }
        assertEquals(Optional.of("before"), after);
    }

    @Test
    void worksOnTheFirstCallAfterRedisRestarted() {
        store = newStore("restart:");
        store.put("k", "before", Duration.ofMinutes(1)); // leaves a pooled connection that the restart kills
        redis.restart();
        store.put("k", "after", Duration.ofMinutes(1));
        assertEquals(Optional.of("after"), store.get("k"));
    }

    @Test
    void neverShowsThePasswordOfItsUrl() {
        try (RedisStateStore withPassword = new RedisStateStore("redis://user:s3cr3t@127.0.0.1:1/0", "x:",
                Duration.ofMillis(250), Clock.systemUTC())) {
            StateStoreException e = assertThrows(StateStoreException.class, withPassword::ping);
            assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
        }
    }
}
