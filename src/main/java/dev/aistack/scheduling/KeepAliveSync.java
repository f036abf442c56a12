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
 * every request's end must be followed by a call that starts after it: if none is in flight, one starts now;
 * otherwise one is queued and starts when the in-flight one ends. Requests that end while a call is in flight share
 * the queued one (the latest value wins), so load never multiplies the calls. The caller's thread never waits.
 */
public final class KeepAliveSync implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(KeepAliveSync.class.getName());

    /** One native call. It reports its own failures; whatever it throws is only logged by the caller. */
    public interface Sender {
        void send(String model, JsonNode keepAlive, String requestId);
    }

    /** How long a queued call waits for more request ends to share it (see run). */
    static final Duration COALESCE = Duration.ofMillis(50);

    private record Pending(JsonNode keepAlive, String requestId) {
    }

    private final Sender sender;
    private final Duration closeWait;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    // A model is here while a call for it is in flight; the value is the call queued behind it, if any.
    private final Map<String, Optional<Pending>> inFlight = new HashMap<>();
    private boolean closed;

    /** {@code closeWait}: how long {@link #close()} lets the calls already due finish. */
    public KeepAliveSync(Sender sender, Duration closeWait) {
        this.sender = sender;
        this.closeWait = closeWait;
    }

    /** A request on {@code model} has ended (its answer was read from Ollama): a call for it starts after this. */
    public void requestEnded(String model, JsonNode keepAlive, String requestId) {
        Pending call = new Pending(keepAlive, requestId);
        lock.lock();
        try {
            if (closed) {
                return; // the gateway is stopping; calls already due still run (see close)
            }
            if (inFlight.containsKey(model)) {
                inFlight.put(model, Optional.of(call));
                return;
            }
            inFlight.put(model, Optional.empty());
            Thread.ofVirtual().name("aistack-keep-alive").start(() -> run(model, call));
        } finally {
            lock.unlock();
        }
    }

    private void run(String model, Pending first) {
        for (Pending call = first; call != null; call = next(model)) {
            try {
                sender.send(model, call.keepAlive(), call.requestId());
            } catch (RuntimeException e) {
                // The sender counts and logs its failures; anything else must not stop the model's queue.
                LOG.log(Level.WARNING, "keep_alive call failed", e);
            }
            if (queued(model)) {
                // Under load a call is always queued: a short pause lets the requests ending meanwhile share it,
                // so the calls do not run back to back. Nothing is dropped: the queued call still starts after
                // every request that ended before it, only a little later.
                try {
                    Thread.sleep(COALESCE.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private boolean queued(String model) {
        lock.lock();
        try {
            return inFlight.getOrDefault(model, Optional.empty()).isPresent();
        } finally {
            lock.unlock();
        }
    }

    /** The in-flight call ended: the queued one becomes in flight, or the model has nothing left to send. */
    private Pending next(String model) {
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
