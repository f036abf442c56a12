package dev.aistack.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

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
        return new MemoryStateStore(prefix, clock);
    }

    @Override
    protected void letTimePass(Duration d) {
        clock.now = clock.now.plus(d);
    }
}
