package dev.aistack.access;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Map;

/** A key's usage as the admin API and GET /v1/me show it: tokens per quota window, requests this minute. */
final class UsageReport {
    private final Quotas quotas;
    private final RateLimit rateLimit;

    UsageReport(Quotas quotas, RateLimit rateLimit) {
        this.quotas = quotas;
        this.rateLimit = rateLimit;
    }

    ObjectNode tokens(ApiKey key) {
        Instant now = quotas.now();
        Map<QuotaWindow, Long> limits = Quotas.limits(key.policy());
        ObjectNode out = ApiKey.JSON.createObjectNode();
        for (QuotaWindow w : QuotaWindow.values()) {
            long used = quotas.used(key, w, now);
            Long limit = limits.get(w);
            ObjectNode n = out.putObject(w.label);
            n.put("used", used);
            Policy.putNullable(n, "limit", limit);
            Policy.putNullable(n, "remaining", limit == null ? null : Math.max(0, limit - used));
            n.put("resets_at", w.end(now, quotas.zone()).toString());
        }
        return out;
    }

    ObjectNode requests(ApiKey key) {
        Long rpm = key.policy().rpm();
        RateLimit.State s = rateLimit.peek(key.id(), rpm == null ? Long.MAX_VALUE : rpm);
        ObjectNode n = ApiKey.JSON.createObjectNode();
        long limit = rpm == null ? Long.MAX_VALUE : rpm;
        n.put("used", limit - s.remaining());
        Policy.putNullable(n, "limit", rpm);
        Policy.putNullable(n, "remaining", rpm == null ? null : s.remaining());
        n.put("reset_seconds", (s.resetMillis() + 999) / 1000);
        return n;
    }
}
