package dev.aistack.store;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/** The zero-set-up store for a single process. Expiry is checked on read, with a sweep now and then. */
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

    private static final int SWEEP_EVERY = 1024;

    private final Clock clock;
    private final String prefix;
    private final Map<String, Entry> values = new ConcurrentHashMap<>();
    private final Map<String, Index> indexes = new ConcurrentHashMap<>();
    private int writes;

    public MemoryStateStore(String prefix, Clock clock) {
        this.prefix = prefix;
        this.clock = clock;
    }

    @Override
    public void put(String key, String value, Duration ttl) {
        values.put(prefix + key, new Entry(value, clock.millis() + ttl.toMillis()));
        maybeSweep();
    }

    @Override
    public boolean putIfAbsent(String key, String value, Duration ttl) {
        long now = clock.millis();
        Entry fresh = new Entry(value, now + ttl.toMillis());
        boolean[] stored = {false};
        values.compute(prefix + key, (k, old) -> {
            if (old == null || old.expiresAtMillis() <= now) {
                stored[0] = true;
                return fresh;
            }
            return old;
        });
        maybeSweep();
        return stored[0];
    }

    @Override
    public Optional<String> get(String key) {
        Entry e = values.get(prefix + key);
        if (e == null || e.expiresAtMillis() <= clock.millis()) {
            return Optional.empty();
        }
        return Optional.of(e.value());
    }

    @Override
    public void delete(String key) {
        values.remove(prefix + key);
    }

    @Override
    public long incrementWithin(String key, Duration window, long limit) {
        long now = clock.millis();
        long windowStart = now - Math.floorMod(now, window.toMillis());
        String k = prefix + key + ":" + windowStart;
        long[] result = {-1};
        values.compute(k, (x, old) -> {
            long count = old == null || old.expiresAtMillis() <= now ? 0 : Long.parseLong(old.value());
            if (count >= limit) {
                return old;
            }
            result[0] = count + 1;
            return new Entry(Long.toString(count + 1), windowStart + window.toMillis());
        });
        maybeSweep();
        return result[0];
    }

    @Override
    public long add(String key, long delta, Duration ttl) {
        long now = clock.millis();
        Entry e = values.compute(prefix + key, (x, old) -> old == null || old.expiresAtMillis() <= now
                ? new Entry(Long.toString(delta), now + ttl.toMillis())
                : new Entry(Long.toString(Long.parseLong(old.value()) + delta), old.expiresAtMillis()));
        return Long.parseLong(e.value());
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
    public void close() {
        values.clear();
        indexes.clear();
    }

    private void maybeSweep() {
        if (++writes % SWEEP_EVERY == 0) { // racy counter is fine: it only spaces out sweeps
            long now = clock.millis();
            values.values().removeIf(e -> e.expiresAtMillis() <= now);
        }
    }
}
