package dev.aistack.support;

import dev.aistack.config.GoDuration;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Ollama's keep_alive rules (server/sched.go, OLLAMA_WIRE.md §2.2) for the fake: a first load takes the request's
 * keep_alive or the 5m default; a loaded model keeps its session unless a request names one; the expiry timer
 * starts when the model's last request finishes; 0 unloads once idle. A load that needs room (a reload, or more
 * models than OLLAMA_MAX_LOADED_MODELS) waits until the runners in its way are idle, and other requests queue
 * behind it, as processPending handles one pending request at a time.
 */
final class OllamaScheduler {
    static final Duration DEFAULT_SESSION = Duration.ofMinutes(5);
    // Go's "forever" (MaxInt64 ns) is about 292 years.
    static final Duration FOREVER = Duration.ofNanos(Long.MAX_VALUE);

    private static final class Runner {
        Duration session;
        int inFlight;
        Instant expiresAt;
    }

    private final Map<String, Runner> loaded = new LinkedHashMap<>(); // oldest load first
    private final Set<String> reloadNext = new HashSet<>();
    private int maxLoaded = Integer.MAX_VALUE;
    private boolean loading;

    /** The model's next request reloads its runner, as a request with other options (needsReload) would. */
    synchronized void reloadOnNextRequest(String model) {
        reloadNext.add(model);
    }

    /** OLLAMA_MAX_LOADED_MODELS: loading one more model evicts the oldest loaded one. */
    synchronized void maxLoadedModels(int max) {
        this.maxLoaded = max;
    }

    /** A request starts on a model; keepAlive is the request's value or empty when it named none. */
    synchronized void start(String model, Optional<Duration> keepAlive, Instant now) {
        while (loading) {
            await();
        }
        expire(Instant.now());
        Runner r = loaded.get(model);
        if (r != null && !reloadNext.contains(model)) {
            keepAlive.ifPresent(k -> r.session = k);
            r.inFlight++;
            return;
        }
        loading = true;
        try {
            while (!evictFor(model)) {
                await();
            }
        } finally {
            loading = false;
            notifyAll();
        }
        reloadNext.remove(model);
        Runner fresh = new Runner();
        fresh.session = keepAlive.orElse(DEFAULT_SESSION);
        fresh.expiresAt = plus(Instant.now(), fresh.session);
        fresh.inFlight = 1;
        loaded.put(model, fresh);
    }

    /** A native unload (keep_alive 0, no prompt): the runner goes once its in-flight requests end. */
    synchronized void unload(String model) {
        Runner r = loaded.get(model);
        if (r == null) {
            return;
        }
        r.session = Duration.ZERO;
        if (r.inFlight == 0) {
            loaded.remove(model);
            notifyAll();
        }
    }

    /** The request finished (or its client left): the timer starts when nothing else runs on the model. */
    synchronized void finish(String model, Instant now) {
        Runner r = loaded.get(model);
        if (r == null) {
            return;
        }
        r.inFlight = Math.max(0, r.inFlight - 1);
        if (r.inFlight == 0) {
            if (r.session.isZero()) {
                loaded.remove(model);
            } else {
                r.expiresAt = plus(now, r.session);
            }
            notifyAll(); // a pending load may have been waiting for this runner to be idle
        }
    }

    /** Loaded models and their expiry, as /api/ps shows them. */
    synchronized Map<String, Instant> ps(Instant now) {
        expire(now);
        Map<String, Instant> out = new LinkedHashMap<>();
        loaded.forEach((m, r) -> out.put(m, r.expiresAt));
        return out;
    }

    /** Unloads the runners in the way of loading {@code model}; false (nothing unloaded) while one of them is busy. */
    private boolean evictFor(String model) {
        expire(Instant.now());
        List<String> inTheWay = new ArrayList<>();
        if (loaded.containsKey(model)) {
            inTheWay.add(model);
        }
        int others = loaded.size() - inTheWay.size();
        for (String m : loaded.keySet()) {
            if (others < maxLoaded) {
                break;
            }
            if (!m.equals(model)) {
                inTheWay.add(m);
                others--;
            }
        }
        if (inTheWay.stream().anyMatch(m -> loaded.get(m).inFlight > 0)) {
            return false;
        }
        inTheWay.forEach(loaded::remove);
        return true;
    }

    private void await() {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void expire(Instant now) {
        loaded.values().removeIf(r -> r.inFlight == 0 && !r.expiresAt.isAfter(now));
    }

    private static Instant plus(Instant now, Duration d) {
        return d.equals(FOREVER) ? now.plusSeconds(292L * 365 * 24 * 3600) : now.plus(d);
    }

    /** keep_alive as Ollama parses it (api.Duration): seconds as a number, Go duration strings; negative = forever. */
    static Optional<Duration> parseKeepAlive(Object value) {
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Number n) {
            double seconds = n.doubleValue();
            return Optional.of(seconds < 0 ? FOREVER : Duration.ofNanos((long) (seconds * 1e9)));
        }
        long nanos = GoDuration.parseNanos(value.toString())
                .orElseThrow(() -> new IllegalArgumentException("time: invalid duration \"" + value + "\""));
        return Optional.of(nanos < 0 ? FOREVER : Duration.ofNanos(nanos));
    }
}
