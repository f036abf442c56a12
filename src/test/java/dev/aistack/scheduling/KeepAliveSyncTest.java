package dev.aistack.scheduling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-model queue on its own: one call in flight, one queued with the latest value, nothing dropped. */
class KeepAliveSyncTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final CountDownLatch firstCallStarted = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    /** Records each call as "model=value"; the first one waits for {@link #release}. */
    private void send(String model, JsonNode keepAlive, String requestId) {
        sent.add(model + "=" + keepAlive.asText());
        if (firstCallStarted.getCount() == 1) {
            firstCallStarted.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void queuesOneCallWithTheLatestValueBehindTheOneInFlight() throws Exception {
        try (KeepAliveSync sync = new KeepAliveSync(this::send, WAIT)) {
            sync.requestEnded("m", TextNode.valueOf("30s"), "r1");
            assertTrue(firstCallStarted.await(10, TimeUnit.SECONDS));
            sync.requestEnded("m", TextNode.valueOf("5m"), "r2");
            sync.requestEnded("m", TextNode.valueOf("1h"), "r3");
            assertEquals(List.of("m=30s"), sent); // the caller never waits, and nothing more is in flight
            release.countDown();
            assertTrue(sync.awaitIdle(WAIT));
            assertEquals(List.of("m=30s", "m=1h"), sent);
        }
    }

    @Test
    void requestsEndingWithinThePauseShareOneCallWithTheLatestValue() throws Exception {
        release.countDown();
        // A long pause, so the test thread cannot be slower than it; the gateway's is 50 ms.
        try (KeepAliveSync sync = new KeepAliveSync(this::send, WAIT, Duration.ofSeconds(1))) {
            for (String value : List.of("30s", "5m", "1h")) {
                sync.requestEnded("m", TextNode.valueOf(value), "r-" + value);
            }
            assertEquals(List.of(), sent, "a call started before the pause");
            assertTrue(sync.awaitIdle(WAIT));
            assertEquals(List.of("m=1h"), sent, "one call per request end: a client sending one at a time doubled "
                    + "the backend calls");
            sync.requestEnded("m", TextNode.valueOf("2h"), "r-later");
            assertTrue(sync.awaitIdle(WAIT));
            assertEquals(List.of("m=1h", "m=2h"), sent, "a request ending after the call had none after it");
        }
    }

    @Test
    void keepsGoingAfterACallThatThrew() throws Exception {
        release.countDown();
        List<String> calls = new CopyOnWriteArrayList<>();
        try (KeepAliveSync sync = new KeepAliveSync((model, keepAlive, id) -> {
            calls.add(keepAlive.asText());
            if (calls.size() == 1) {
                throw new IllegalStateException("boom");
            }
        }, WAIT)) {
            sync.requestEnded("m", TextNode.valueOf("30s"), "r1");
            assertTrue(sync.awaitIdle(WAIT));
            sync.requestEnded("m", TextNode.valueOf("5m"), "r2");
            assertTrue(sync.awaitIdle(WAIT));
            assertEquals(List.of("30s", "5m"), calls);
        }
    }

    @Test
    void letsTheCallsAlreadyDueFinishOnCloseAndTakesNoneAfter() throws Exception {
        KeepAliveSync sync = new KeepAliveSync(this::send, WAIT);
        sync.requestEnded("m", TextNode.valueOf("30s"), "r1");
        assertTrue(firstCallStarted.await(10, TimeUnit.SECONDS));
        sync.requestEnded("m", TextNode.valueOf("5m"), "r2");
        release.countDown();
        sync.close();
        assertEquals(List.of("m=30s", "m=5m"), sent);
        sync.requestEnded("m", TextNode.valueOf("1h"), "r3");
        assertTrue(sync.awaitIdle(WAIT));
        assertEquals(List.of("m=30s", "m=5m"), sent);
    }
}
