package dev.aistack.access;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * What a managed key may do: model binding, address and domain allow-lists, rate limit, token quotas, request
 * shaping, and the cluster of nodes that serves it (workload isolation). A null limit means "no limit"; empty allow-lists mean "any".
 */
public record Policy(String model, List<Cidr> allowedIps, List<String> allowedDomains, Long rpm, Long tokensPerDay,
                     Long tokensPerWeek, Long tokensPerMonth, QuotaScope quotaScope, boolean tools, boolean vision,
                     boolean forceJson, String systemPrompt, String cluster) {
    public enum QuotaScope { KEY, OWNER }

    /** The fields of the key object that are policy, in the order they are written. */
    static final List<String> FIELDS = List.of("model", "allowed_ips", "allowed_domains", "rpm", "tokens_per_day",
            "tokens_per_week", "tokens_per_month", "quota_scope", "tools", "vision", "force_json", "system_prompt",
            "cluster");

    public Policy {
        allowedIps = List.copyOf(allowedIps);
        allowedDomains = List.copyOf(allowedDomains);
    }

    boolean hasQuota() {
        return tokensPerDay != null || tokensPerWeek != null || tokensPerMonth != null;
    }

    void writeTo(ObjectNode n) {
        putNullable(n, "model", model);
        ArrayNode ips = n.putArray("allowed_ips");
        allowedIps.forEach(c -> ips.add(c.text()));
        ArrayNode domains = n.putArray("allowed_domains");
        allowedDomains.forEach(domains::add);
        putNullable(n, "rpm", rpm);
        putNullable(n, "tokens_per_day", tokensPerDay);
        putNullable(n, "tokens_per_week", tokensPerWeek);
        putNullable(n, "tokens_per_month", tokensPerMonth);
        n.put("quota_scope", quotaScope.name().toLowerCase(java.util.Locale.ROOT));
        n.put("tools", tools);
        n.put("vision", vision);
        n.put("force_json", forceJson);
        putNullable(n, "system_prompt", systemPrompt);
        putNullable(n, "cluster", cluster);
    }

    static void putNullable(ObjectNode n, String field, Object value) {
        if (value == null) {
            n.putNull(field);
        } else if (value instanceof Long l) {
            n.put(field, l);
        } else {
            n.put(field, value.toString());
        }
    }
}
