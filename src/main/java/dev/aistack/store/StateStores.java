package dev.aistack.store;

import java.time.Clock;
import java.util.Optional;

/** Chooses the store: Redis when a URL is configured, else in memory. */
public final class StateStores {
    private StateStores() {
    }

    public static StateStore fromUrl(Optional<String> redisUrl, String prefix) {
        return redisUrl.<StateStore>map(url -> new RedisStateStore(url, prefix, Clock.systemUTC()))
                .orElseGet(() -> new MemoryStateStore(prefix, Clock.systemUTC()));
    }
}
