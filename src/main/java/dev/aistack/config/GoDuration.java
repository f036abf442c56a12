package dev.aistack.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go's {@code time.ParseDuration} grammar ("30s", "5m", "1h30m", "500ms", "-1m", "0"), which is what Ollama
 * accepts for keep_alive; the gateway's own duration settings use it too, so one syntax serves both.
 */
public final class GoDuration {
    private static final Pattern PART = Pattern.compile("(\\d+\\.?\\d*|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");
    private static final Map<String, Long> UNIT_NANOS = Map.of(
            "ns", 1L, "us", 1_000L, "µs", 1_000L, "μs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    private GoDuration() {
    }

    /** Nanoseconds of a Go duration string, or empty when it is not one (Go would refuse it). */
    public static Optional<Long> parseNanos(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        String s = text;
        boolean negative = false;
        if (s.charAt(0) == '-' || s.charAt(0) == '+') {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Optional.of(0L);
        }
        if (s.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = PART.matcher(s);
        BigDecimal total = BigDecimal.ZERO;
        int at = 0;
        while (at < s.length()) {
            if (!m.find(at) || m.start() != at) {
                return Optional.empty();
            }
            total = total.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(UNIT_NANOS.get(m.group(2)))));
            at = m.end();
        }
        if (total.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            return Optional.empty(); // Go: "invalid duration" on overflow
        }
        long nanos = total.longValue();
        return Optional.of(negative ? -nanos : nanos);
    }

    /** A non-negative duration setting, e.g. {@code AISTACK_UPSTREAM_TIMEOUT=600s}. */
    public static Optional<Duration> parsePositive(String text) {
        return parseNanos(text).filter(n -> n >= 0).map(Duration::ofNanos);
    }
}
