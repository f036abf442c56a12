package dev.aistack.support;

import dev.aistack.config.GoDuration;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Ollama's keep_alive rules (server/sched.go, OLLAMA_WIRE.md §2.2) for the fake: a first load takes the request's
 * keep_alive or the 5m default; a loaded model keeps its session unless a request names one; the expiry timer
 * starts when the model's last request finishes; 0 unloads once idle.
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

    private final Map<String, Runner> loaded = new LinkedHashMap<>();

    /** A request starts on a model; keepAlive is the request's value or empty when it named none. */
    synchronized void start(String model, Optional<Duration> keepAlive, Instant now) {
        expire(now);
        Runner r = loaded.get(model);
        if (r == null) {
            r = new Runner();
            r.session = keepAlive.orElse(DEFAULT_SESSION);
            r.expiresAt = plus(now, r.session);
            loaded.put(model, r);
        } else if (keepAlive.isPresent()) {
            r.session = keepAlive.get();
        }
        r.inFlight++;
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
        }
    }

    /** Loaded models and their expiry, as /api/ps shows them. */
    synchronized Map<String, Instant> ps(Instant now) {
        expire(now);
        Map<String, Instant> out = new LinkedHashMap<>();
        loaded.forEach((m, r) -> out.put(m, r.expiresAt));
        return out;
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
