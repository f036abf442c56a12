package dev.aistack.access;

import dev.aistack.store.StateStore;
import dev.aistack.store.StateStoreException;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Policy step 5: requests per minute, in fixed one-minute windows counted by the state store. The increment and
 * the check are one atomic store step (a Lua script in Redis), so replicas sharing Redis admit exactly rpm requests
 * per window between them. Replicas' clocks must agree (NTP) for their windows to coincide.
 */
final class RateLimit {
    static final Duration WINDOW = Duration.ofMinutes(1);

    /** The state after this request: admitted or not, what the x-ratelimit-* headers say. */
    record State(boolean admitted, long limit, long remaining, long resetMillis) {
        long retryAfterSeconds() {
            return Math.max(1, (resetMillis + 999) / 1000);
        }
    }

    private final StateStore store;
    private final Clock clock;

    RateLimit(StateStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    State take(String keyId, long rpm) {
        long count = store.incrementWithin(counter(keyId), WINDOW, rpm);
        long reset = untilWindowEnd();
        return count < 0 ? new State(false, rpm, 0, reset) : new State(true, rpm, rpm - count, reset);
    }

    /** The state without taking a request (for GET /v1/me). */
    State peek(String keyId, long rpm) {
        long now = clock.millis();
        long windowStart = now - Math.floorMod(now, WINDOW.toMillis());
        // incrementWithin keys its counter by the window's start; reading it is not part of the atomic step.
        long used;
        try {
            used = Optional.ofNullable(store.get(counter(keyId) + ":" + windowStart).orElse(null))
                    .map(Long::parseLong).orElse(0L);
        } catch (StateStoreException | NumberFormatException e) {
            used = 0;
        }
        return new State(used < rpm, rpm, Math.max(0, rpm - used), untilWindowEnd());
    }

    private long untilWindowEnd() {
        long now = clock.millis();
        return WINDOW.toMillis() - Math.floorMod(now, WINDOW.toMillis());
    }

    private static String counter(String keyId) {
        return "rpm:" + keyId;
    }
}
