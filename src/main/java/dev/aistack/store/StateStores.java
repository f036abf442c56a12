package dev.aistack.store;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** Chooses the store: Redis when a URL is configured, else in memory. */
public final class StateStores {
    private StateStores() {
    }

    /** timeout: Redis's (AISTACK_REDIS_TIMEOUT); maxValues: the in-memory store's bound (AISTACK_TASKS_MAX). */
    public static StateStore fromUrl(Optional<String> redisUrl, String prefix, Duration timeout, int maxValues) {
        return redisUrl.<StateStore>map(url -> new RedisStateStore(url, prefix, timeout, Clock.systemUTC()))
                .orElseGet(() -> new MemoryStateStore(prefix, Clock.systemUTC(), maxValues));
    }
}
