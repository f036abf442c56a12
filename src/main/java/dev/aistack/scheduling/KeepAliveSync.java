package dev.aistack.scheduling;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the native keep_alive calls, per model: at most one in flight and one more queued, never dropped. Ollama may
 * have reloaded the model for any request (eviction, restart, other options), giving it its default session, so
 * every request's end must be followed by a call that starts after it. A request's end queues the call (the latest
 * value wins); the model's sender starts it after a short pause, so the requests ending meanwhile share it: neither
 * load nor a steady trickle of requests multiplies the calls. The caller's thread never waits.
 */
public final class KeepAliveSync implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(KeepAliveSync.class.getName());

    /** One native call. It reports its own failures; whatever it throws is only logged by the caller. */
    public interface Sender {
        void send(String model, JsonNode keepAlive, String requestId);
    }

    /**
     * How long a queued call waits for more request ends to share it before it starts. Without the pause every
     * request of a client that sends one at a time (or of a few at 200 req/s) had its own call: twice the backend
     * calls, and a thread start on the request's heels.
     */
    static final Duration COALESCE = Duration.ofMillis(50);

    private record Pending(JsonNode keepAlive, String requestId) {
    }

    private final Sender sender;
    private final Duration closeWait;
    private final Duration pause;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    // A model is here while its sender runs; the value is the call queued for it, if any.
    private final Map<String, Optional<Pending>> inFlight = new HashMap<>();
    private boolean closed;

    /** {@code closeWait}: how long {@link #close()} lets the calls already due finish. */
    public KeepAliveSync(Sender sender, Duration closeWait) {
        this(sender, closeWait, COALESCE);
    }

    KeepAliveSync(Sender sender, Duration closeWait, Duration pause) {
        this.sender = sender;
        this.closeWait = closeWait;
        this.pause = pause;
    }

    /** A request on {@code model} has ended (its answer was read from Ollama): a call for it starts after this. */
    public void requestEnded(String model, JsonNode keepAlive, String requestId) {
        Pending call = new Pending(keepAlive, requestId);
        lock.lock();
        try {
            if (closed) {
                return; // the gateway is stopping; calls already due still run (see close)
            }
            boolean senderRuns = inFlight.containsKey(model);
            inFlight.put(model, Optional.of(call));
            if (!senderRuns) {
                Thread.ofVirtual().name("aistack-keep-alive").start(() -> send(model));
            }
        } finally {
            lock.unlock();
        }
    }

    /** The model's sender: after each pause, sends the call queued meanwhile, until none was. */
    private void send(String model) {
        for (Pending call = nextAfterPause(model); call != null; call = nextAfterPause(model)) {
            try {
                sender.send(model, call.keepAlive(), call.requestId());
            } catch (RuntimeException e) {
                // The sender counts and logs its failures; anything else must not stop the model's queue.
                LOG.log(Level.WARNING, "keep_alive call failed", e);
            }
        }
    }

    /** Takes the queued call after the pause (it is then in flight), or ends the model's sender when none is. */
    private Pending nextAfterPause(String model) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // only the JVM's end interrupts it: send what is due without pausing
        }
        lock.lock();
        try {
            Optional<Pending> queued = inFlight.get(model);
            if (queued.isPresent()) {
                inFlight.put(model, Optional.empty());
                return queued.get();
            }
            inFlight.remove(model);
            if (inFlight.isEmpty()) {
                idle.signalAll();
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** Waits (bounded) until no call is in flight or queued; true when so. */
    boolean awaitIdle(Duration within) throws InterruptedException {
        long left = within.toNanos();
        lock.lock();
        try {
            while (!inFlight.isEmpty()) {
                if (left <= 0) {
                    return false;
                }
                left = idle.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Takes no new calls, and lets those already due finish (bounded): the last requests' policy still holds. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
        } finally {
            lock.unlock();
        }
        try {
            awaitIdle(closeWait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
