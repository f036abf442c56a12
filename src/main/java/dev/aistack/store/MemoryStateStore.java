package dev.aistack.store;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The zero-set-up store for a single process. Expiry is checked on read, with a sweep now and then; the number of
 * values is bounded (AISTACK_TASKS_MAX), the least recently written evicted first, so memory stays flat however
 * long the gateway runs.
 */
public final class MemoryStateStore implements StateStore {
    private record Entry(String value, long expiresAtMillis) {
    }

    private record Scored(String member, long score) {
    }

    /** Members ordered newest first, plus each member's score so re-adding or removing one is O(log n). */
    private static final class Index {
        final ConcurrentSkipListSet<Scored> order = new ConcurrentSkipListSet<>(
                Comparator.comparingLong(Scored::score).reversed().thenComparing(Scored::member));
        final Map<String, Long> scores = new java.util.HashMap<>();

        synchronized void add(String member, long score, int maxSize) {
            remove(member);
            order.add(new Scored(member, score));
            scores.put(member, score);
            while (order.size() > maxSize) {
                scores.remove(order.pollLast().member());
            }
        }

        synchronized void remove(String member) {
            Long old = scores.remove(member);
            if (old != null) {
                order.remove(new Scored(member, old));
            }
        }
    }

    private static final int SWEEP_EVERY = 16;
    private static final int SWEEP_LOOK = 32;

    private final Clock clock;
    private final String prefix;
    private final int maxValues;
    // Insertion order = write order (a write removes the key first), so the eldest entry is the least recently
    // written one and is the one evicted when the store is full. One lock for all: every operation is tiny.
    private final LinkedHashMap<String, Entry> values = new LinkedHashMap<>();
    private final Map<String, Index> indexes = new ConcurrentHashMap<>();
    private int writes;

    /** A store that holds at most maxValues values; past that, the least recently written ones go first. */
    public MemoryStateStore(String prefix, Clock clock, int maxValues) {
        if (maxValues < 1) {
            throw new IllegalArgumentException("maxValues must be at least 1, got " + maxValues);
        }
        this.prefix = prefix;
        this.clock = clock;
        this.maxValues = maxValues;
    }

    @Override
    public synchronized void put(String key, String value, Duration ttl) {
        write(prefix + key, new Entry(value, clock.millis() + ttl.toMillis()));
    }

    @Override
    public synchronized boolean putIfAbsent(String key, String value, Duration ttl) {
        if (live(prefix + key) != null) {
            return false;
        }
        write(prefix + key, new Entry(value, clock.millis() + ttl.toMillis()));
        return true;
    }

    @Override
    public synchronized boolean putIfAbsentOrSame(String key, String value, Duration ttl) {
        Entry old = live(prefix + key);
        if (old != null && !old.value().equals(value)) {
            return false;
        }
        write(prefix + key, new Entry(value, clock.millis() + ttl.toMillis()));
        return true;
    }

    @Override
    public synchronized void deleteIfSame(String key, String value) {
        Entry old = live(prefix + key);
        if (old != null && old.value().equals(value)) {
            values.remove(prefix + key);
        }
    }

    @Override
    public synchronized Optional<String> get(String key) {
        return Optional.ofNullable(live(prefix + key)).map(Entry::value);
    }

    @Override
    public synchronized void delete(String key) {
        values.remove(prefix + key);
    }

    @Override
    public synchronized long incrementWithin(String key, Duration window, long limit) {
        long now = clock.millis();
        long windowStart = now - Math.floorMod(now, window.toMillis());
        String k = prefix + key + ":" + windowStart;
        Entry old = live(k);
        long count = old == null ? 0 : Long.parseLong(old.value());
        if (count >= limit) {
            return -1;
        }
        write(k, new Entry(Long.toString(count + 1), windowStart + window.toMillis()));
        return count + 1;
    }

    @Override
    public synchronized long add(String key, long delta, Duration ttl) {
        Entry old = live(prefix + key);
        Entry next = old == null
                ? new Entry(Long.toString(delta), clock.millis() + ttl.toMillis())
                : new Entry(Long.toString(Long.parseLong(old.value()) + delta), old.expiresAtMillis());
        write(prefix + key, next);
        return Long.parseLong(next.value());
    }

    @Override
    public void indexAdd(String index, String member, long score, int maxSize) {
        indexes.computeIfAbsent(prefix + index, k -> new Index()).add(member, score, maxSize);
    }

    @Override
    public List<String> indexNewest(String index, int limit) {
        Index set = indexes.get(prefix + index);
        List<String> out = new ArrayList<>();
        if (set != null) {
            for (Scored s : set.order) {
                if (out.size() == limit) {
                    break;
                }
                out.add(s.member());
            }
        }
        return out;
    }

    @Override
    public void indexRemove(String index, String member) {
        Index set = indexes.get(prefix + index);
        if (set != null) {
            set.remove(member);
        }
    }

    @Override
    public void ping() {
        // always up
    }

    @Override
    public String kind() {
        return "memory";
    }

    @Override
    public synchronized void close() {
        values.clear();
        indexes.clear();
    }

    /** How many values the store holds now, expired ones not yet swept included. */
    synchronized int size() {
        return values.size();
    }

    private Entry live(String key) {
        Entry e = values.get(key);
        return e == null || e.expiresAtMillis() <= clock.millis() ? null : e;
    }

    private void write(String key, Entry entry) {
        values.remove(key); // re-inserted below: the key becomes the most recently written
        values.put(key, entry);
        if (values.size() > maxValues) {
            Iterator<String> eldest = values.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
        if (++writes % SWEEP_EVERY == 0) {
            // A bounded look at the least recently written entries, where expired ones gather: O(1) per write, where
            // a sweep of the whole store (up to AISTACK_TASKS_MAX entries, under its lock) cost the request path.
            // What it misses expires on read and is evicted by the bound.
            long now = clock.millis();
            Iterator<Entry> oldest = values.values().iterator();
            for (int i = 0; i < SWEEP_LOOK && oldest.hasNext(); i++) {
                if (oldest.next().expiresAtMillis() <= now) {
                    oldest.remove();
                }
            }
        }
    }
}
