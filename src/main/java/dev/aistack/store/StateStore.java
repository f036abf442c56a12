package dev.aistack.store;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The gateway's shared state: values with TTL, atomic counters, a bounded newest-first index. In memory for one
 * process; in Redis when several replicas must agree. Every failure to reach the store is a StateStoreException.
 */
public interface StateStore extends AutoCloseable {
    /** Sets the value, replacing any, expiring after ttl. */
    void put(String key, String value, Duration ttl);

    /** Atomic: stores the value only when the key is absent; true when stored. */
    boolean putIfAbsent(String key, String value, Duration ttl);

    /**
     * Atomic: sets the value with ttl when the key is absent or already holds this very value (so the holder
     * renews it); true when the key holds the value afterwards, false when another value holds it. A lock with
     * an owner token: take it, renew it, and never take over someone else's.
     */
    boolean putIfAbsentOrSame(String key, String value, Duration ttl);

    /** Atomic: deletes the key only when it holds this value, so an owner never releases another's lock. */
    void deleteIfSame(String key, String value);

    Optional<String> get(String key);

    void delete(String key);

    /** Atomic: adds 1 to the current fixed window's counter unless that would pass limit; the new count or -1. */
    long incrementWithin(String key, Duration window, long limit);

    /** Atomic: adds delta to a counter that expires ttl after its first increment; the new value. */
    long add(String key, long delta, Duration ttl);

    /** Adds member with score to a newest-first index trimmed to maxSize. */
    void indexAdd(String index, String member, long score, int maxSize);

    /** Up to limit members, highest score first. */
    List<String> indexNewest(String index, int limit);

    void indexRemove(String index, String member);

    /** Proves the store answers; throws StateStoreException when it does not. */
    void ping();

    /** "memory" or "redis", as shown by /readyz. */
    String kind();

    @Override
    void close();
}
