package dev.aistack.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One behaviour, two stores: every test here runs against the in-memory store and against a real Redis. */
abstract class StateStoreContract {
    protected StateStore store;

    /** A fresh store under a prefix of its own. */
    protected abstract StateStore newStore(String prefix);

    /** Lets TTLs of the given length pass (a fake clock for memory; real time for Redis). */
    protected abstract void letTimePass(Duration d) throws InterruptedException;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void storesValuesUntilTheirTtlEnds() throws Exception {
        store = newStore("t1:");
        store.put("k", "v", Duration.ofMillis(300));
        assertEquals(Optional.of("v"), store.get("k"));
        letTimePass(Duration.ofMillis(700));
        assertEquals(Optional.empty(), store.get("k"));
    }

    @Test
    void deletes() {
        store = newStore("t2:");
        store.put("k", "v", Duration.ofMinutes(1));
        store.delete("k");
        assertEquals(Optional.empty(), store.get("k"));
    }

    @Test
    void letsExactlyOneOfManyRacersPutIfAbsent() throws Exception {
        store = newStore("t3:");
        AtomicInteger winners = new AtomicInteger();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> all = new java.util.ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String value = "v" + i;
                all.add(pool.submit(() -> {
                    if (store.putIfAbsent("lock", value, Duration.ofMinutes(1))) {
                        winners.incrementAndGet();
                    }
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        }
        assertEquals(1, winners.get());
        assertFalse(store.putIfAbsent("lock", "again", Duration.ofMinutes(1)));
    }

    @Test
    void putIfAbsentSucceedsAgainOnceTheValueExpired() throws Exception {
        store = newStore("t4:");
        assertTrue(store.putIfAbsent("lock", "a", Duration.ofMillis(300)));
        letTimePass(Duration.ofMillis(700));
        assertTrue(store.putIfAbsent("lock", "b", Duration.ofMinutes(1)));
        assertEquals(Optional.of("b"), store.get("lock"));
    }

    @Test
    void letsTheHolderOfALockRenewItAndNoOneElseTakeIt() throws Exception {
        store = newStore("t9:");
        assertTrue(store.putIfAbsentOrSame("lock", "owner-a", Duration.ofMillis(300)));
        assertFalse(store.putIfAbsentOrSame("lock", "owner-b", Duration.ofMinutes(1)));
        assertTrue(store.putIfAbsentOrSame("lock", "owner-a", Duration.ofMinutes(1)), "the holder could not renew");
        letTimePass(Duration.ofMillis(700)); // past the first TTL: the renewal counts
        assertEquals(Optional.of("owner-a"), store.get("lock"));
    }

    @Test
    void letsAnyoneTakeALockOnceItExpired() throws Exception {
        store = newStore("t10:");
        assertTrue(store.putIfAbsentOrSame("lock", "owner-a", Duration.ofMillis(300)));
        letTimePass(Duration.ofMillis(700));
        assertTrue(store.putIfAbsentOrSame("lock", "owner-b", Duration.ofMinutes(1)));
        assertEquals(Optional.of("owner-b"), store.get("lock"));
    }

    @Test
    void releasesALockOnlyForItsHolder() {
        store = newStore("t11:");
        store.putIfAbsentOrSame("lock", "owner-a", Duration.ofMinutes(1));
        store.deleteIfSame("lock", "owner-b");
        assertEquals(Optional.of("owner-a"), store.get("lock"));
        store.deleteIfSame("lock", "owner-a");
        assertEquals(Optional.empty(), store.get("lock"));
    }

    @Test
    void countsWithinAWindowUpToTheLimitUnderConcurrency() throws Exception {
        store = newStore("t5:");
        AtomicInteger admitted = new AtomicInteger();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> all = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                all.add(pool.submit(() -> {
                    if (store.incrementWithin("rate", Duration.ofHours(1), 10) > 0) {
                        admitted.incrementAndGet();
                    }
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        }
        assertEquals(10, admitted.get());
        assertEquals(-1, store.incrementWithin("rate", Duration.ofHours(1), 10));
    }

    @Test
    void addsToACounter() {
        store = newStore("t6:");
        assertEquals(5, store.add("tokens", 5, Duration.ofMinutes(1)));
        assertEquals(12, store.add("tokens", 7, Duration.ofMinutes(1)));
    }

    @Test
    void keepsABoundedNewestFirstIndex() {
        store = newStore("t7:");
        for (int i = 1; i <= 5; i++) {
            store.indexAdd("recent", "m" + i, i, 3);
        }
        assertEquals(List.of("m5", "m4", "m3"), store.indexNewest("recent", 10));
        assertEquals(List.of("m5", "m4"), store.indexNewest("recent", 2));
        store.indexRemove("recent", "m4");
        assertEquals(List.of("m5", "m3"), store.indexNewest("recent", 10));
        store.indexAdd("recent", "m3", 9, 3); // re-adding moves it, never duplicates it
        assertEquals(List.of("m3", "m5"), store.indexNewest("recent", 10));
    }

    @Test
    void keepsStoresWithDifferentPrefixesApart() {
        store = newStore("a:");
        try (StateStore other = newStore("b:")) {
            store.put("k", "from-a", Duration.ofMinutes(1));
            assertEquals(Optional.empty(), other.get("k"));
            other.put("k", "from-b", Duration.ofMinutes(1));
            assertEquals(Optional.of("from-a"), store.get("k"));
        }
    }

    @Test
    void answersPing() {
        store = newStore("t8:");
        store.ping();
    }
}
