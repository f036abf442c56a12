package dev.aistack.access;

import dev.aistack.store.StateStore;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Policy step 6 and the charge after the request: token counters per calendar window, per key or per owner. A
 * request is refused only when a window is already used up, so the last admitted request may overshoot by its own
 * size: its real usage is only known when it ends.
 */
final class Quotas {
    /** A window that is used up: which one and how long until it resets. */
    record Exhausted(QuotaWindow window, long limit, Duration untilReset) {
    }

    private final StateStore store;
    private final Clock clock;
    private final ZoneId zone;

    Quotas(StateStore store, Clock clock, ZoneId zone) {
        this.store = store;
        this.clock = clock;
        this.zone = zone;
    }

    Optional<Exhausted> exhausted(ApiKey key) {
        Instant now = clock.instant();
        for (Map.Entry<QuotaWindow, Long> limit : limits(key.policy()).entrySet()) {
            if (used(key, limit.getKey(), now) >= limit.getValue()) {
                return Optional.of(new Exhausted(limit.getKey(), limit.getValue(),
                        limit.getKey().remaining(now, zone)));
            }
        }
        return Optional.empty();
    }

    /** Adds the request's tokens to every window (also those without a limit: the usage answer shows them). */
    void charge(ApiKey key, long tokens) {
        if (tokens <= 0) {
            return;
        }
        Instant now = clock.instant();
        for (QuotaWindow w : QuotaWindow.values()) {
            // Kept a day past the window's end, then the store drops it.
            store.add(counter(key, w, now), tokens, w.remaining(now, zone).plusDays(1));
        }
    }

    long used(ApiKey key, QuotaWindow window, Instant now) {
        return store.get(counter(key, window, now)).map(Long::parseLong).orElse(0L);
    }

    Instant now() {
        return clock.instant();
    }

    ZoneId zone() {
        return zone;
    }

    static Map<QuotaWindow, Long> limits(Policy p) {
        Map<QuotaWindow, Long> out = new EnumMap<>(QuotaWindow.class);
        if (p.tokensPerDay() != null) {
            out.put(QuotaWindow.DAY, p.tokensPerDay());
        }
        if (p.tokensPerWeek() != null) {
            out.put(QuotaWindow.WEEK, p.tokensPerWeek());
        }
        if (p.tokensPerMonth() != null) {
            out.put(QuotaWindow.MONTH, p.tokensPerMonth());
        }
        return out;
    }

    private String counter(ApiKey key, QuotaWindow w, Instant now) {
        String scope = key.policy().quotaScope() == Policy.QuotaScope.OWNER && key.owner() != null
                ? "owner:" + URLEncoder.encode(key.owner(), StandardCharsets.UTF_8) : "key:" + key.id();
        return "quota:" + scope + ":" + w.label + ":" + w.start(now, zone);
    }
}
