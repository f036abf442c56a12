package dev.aistack;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MemoryReturnTest {
    private final AtomicLong served = new AtomicLong();
    private final AtomicLong committed = new AtomicLong(32);
    private final AtomicInteger collections = new AtomicInteger();
    private final MemoryReturn memory = new MemoryReturn(served::get, committed::get, () -> {
        collections.incrementAndGet();
        committed.set(40); // what a full collection leaves
    });

    @Test
    void collectsOnceWhenQuietAfterTheHeapGrew() {
        served.addAndGet(5000);
        committed.set(400);
        memory.check(); // busy: requests came since the last look
        assertEquals(0, collections.get());
        memory.check(); // quiet, and the heap grew
        assertEquals(1, collections.get());
        memory.check(); // still quiet, nothing to give back now
        memory.check();
        assertEquals(1, collections.get());
    }

    @Test
    void neverCollectsWhileRequestsKeepComing() {
        committed.set(400);
        for (int i = 0; i < 10; i++) {
            served.incrementAndGet();
            memory.check();
        }
        assertEquals(0, collections.get());
    }

    @Test
    void aQuietGatewayWhoseHeapDidNotGrowIsLeftAlone() {
        committed.set(47); // under half again the 32 it started with
        memory.check();
        memory.check();
        assertEquals(0, collections.get());
        committed.set(49);
        memory.check();
        assertEquals(1, collections.get());
    }

    @Test
    void growsAgainThenReturnsAgain() {
        committed.set(400);
        memory.check();
        assertEquals(1, collections.get());
        served.addAndGet(100);
        committed.set(300);
        memory.check(); // busy
        memory.check(); // quiet again: 300 > 1.5 x 40
        assertEquals(2, collections.get());
    }
}
