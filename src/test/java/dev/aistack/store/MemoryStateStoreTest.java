package dev.aistack.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MemoryStateStoreTest extends StateStoreContract {
    /** A clock the test moves by hand, so TTLs are tested without sleeping. */
    private static final class HandClock extends Clock {
        private volatile Instant now = Instant.parse("2026-11-23T10:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final HandClock clock = new HandClock();

    @Override
    protected StateStore newStore(String prefix) {
        return new MemoryStateStore(prefix, clock, 100_000);
    }

    @Test
    void holdsAtMostItsBoundEvictingTheLeastRecentlyWrittenFirst() {
        MemoryStateStore bounded = new MemoryStateStore("b:", clock, 100);
        store = bounded;
        for (int i = 0; i < 250; i++) {
            bounded.put("task:" + i, "{}", Duration.ofHours(24));
        }
        assertEquals(100, bounded.size());
        assertEquals(Optional.empty(), bounded.get("task:149"));
        assertEquals(Optional.of("{}"), bounded.get("task:150"));
        assertEquals(Optional.of("{}"), bounded.get("task:249"));
    }

    @Test
    void countsARewrittenValueAsRecentSoItOutlivesOlderOnes() {
        MemoryStateStore bounded = new MemoryStateStore("r:", clock, 3);
        store = bounded;
        bounded.put("lock", "held", Duration.ofMinutes(1));
        bounded.put("a", "1", Duration.ofMinutes(1));
        bounded.put("b", "2", Duration.ofMinutes(1));
        bounded.putIfAbsentOrSame("lock", "held", Duration.ofMinutes(1)); // the renewal of a running task's lock
        bounded.put("c", "3", Duration.ofMinutes(1));
        assertEquals(Optional.of("held"), bounded.get("lock"));
        assertEquals(Optional.empty(), bounded.get("a"));
    }

    @Override
    protected void letTimePass(Duration d) {
        clock.now = clock.now.plus(d);
    }
}
