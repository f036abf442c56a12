package dev.aistack.store;

import dev.aistack.support.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

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
        return new RedisStateStore(redis.url(), prefix, Clock.systemUTC());
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
                Clock.systemUTC())) {
            StateStoreException e = assertThrows(StateStoreException.class, withPassword::ping);
            assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
        }
    }
}
