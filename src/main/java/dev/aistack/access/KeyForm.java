package dev.aistack.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aistack.errors.ErrorCode;
import dev.aistack.errors.GatewayException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The editable fields of a key object (name, owner, expires_at and the policy), read and validated from JSON: an
 * admin body, or the result of a merge patch. A missing or null field takes its default. Every mistake is a
 * 400 invalid_request naming the field in {@code param}.
 */
record KeyForm(String name, String owner, Instant expiresAt, Policy policy) {
    /** Fields the gateway sets; accepted (and ignored) only when reading a stored record. */
    static final Set<String> READ_ONLY = Set.of("id", "object", "hint", "created_at", "revoked_at", "digest", "key");
    static final boolean STORED = true;
    static final boolean FROM_CLIENT = false;
    private static final Set<String> IDENTITY = Set.of("name", "owner", "expires_at");
    private static final Pattern HOST = Pattern.compile(
            "(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final int MAX_TEXT = 10_000;

    static KeyForm parse(JsonNode body, boolean stored) {
        if (!body.isObject()) {
            throw invalid(null, "The body must be a JSON object of key fields.");
        }
        for (Map.Entry<String, JsonNode> f : body.properties()) {
            String field = f.getKey();
            boolean known = IDENTITY.contains(field) || Policy.FIELDS.contains(field);
            if (!known && !(stored && READ_ONLY.contains(field))) {
                throw invalid(field, READ_ONLY.contains(field) ? "'" + field + "' is set by the gateway and cannot be "
                        + "given." : "Unknown field '" + field + "'; the key fields are name, owner, expires_at, "
                        + String.join(", ", Policy.FIELDS) + ".");
            }
        }
        String name = text(body, "name", false);
        String owner = text(body, "owner", false);
        Policy.QuotaScope scope = scope(body);
        if (scope == Policy.QuotaScope.OWNER && owner == null) {
            throw invalid("quota_scope", "quota_scope \"owner\" needs an owner: set 'owner' too.");
        }
        Policy policy = new Policy(text(body, "model", true), cidrs(body), domains(body), limit(body, "rpm"),
                limit(body, "tokens_per_day"), limit(body, "tokens_per_week"), limit(body, "tokens_per_month"), scope,
                bool(body, "tools", true), bool(body, "vision", true), bool(body, "force_json", false),
                text(body, "system_prompt", true), text(body, "cluster", true));
        return new KeyForm(name == null ? "" : name, owner, instant(body), policy);
    }

    /** The editable fields as JSON: what a merge patch applies to. */
    static ObjectNode editable(ApiKey key) {
        ObjectNode all = key.toJson();
        ObjectNode n = ApiKey.JSON.createObjectNode();
        for (String f : IDENTITY) {
            n.set(f, all.get(f));
        }
        for (String f : Policy.FIELDS) {
            n.set(f, all.get(f));
        }
        return n;
    }

    private static JsonNode value(JsonNode body, String field) {
        JsonNode v = body.get(field);
        return v == null || v.isNull() ? null : v;
    }

    private static String text(JsonNode body, String field, boolean nonEmpty) {
        JsonNode v = value(body, field);
        if (v == null) {
            return null;
        }
        if (!v.isTextual() || v.asText().length() > MAX_TEXT || (nonEmpty && v.asText().isEmpty())) {
            throw invalid(field, "'" + field + "' must be " + (nonEmpty ? "a non-empty" : "a") + " string of at most "
                    + MAX_TEXT + " characters, or null.");
        }
        return v.asText();
    }

    private static Long limit(JsonNode body, String field) {
        JsonNode v = value(body, field);
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
            throw invalid(field, "'" + field + "' must be a whole number of 0 or more, or null for no limit.");
        }
        return v.asLong();
    }

    private static boolean bool(JsonNode body, String field, boolean dflt) {
        JsonNode v = value(body, field);
        if (v == null) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw invalid(field, "'" + field + "' must be true or false.");
        }
        return v.asBoolean();
    }

    private static Policy.QuotaScope scope(JsonNode body) {
        String s = text(body, "quota_scope", true);
        if (s == null || s.equals("key")) {
            return Policy.QuotaScope.KEY;
        }
        if (s.equals("owner")) {
            return Policy.QuotaScope.OWNER;
        }
        throw invalid("quota_scope", "'quota_scope' must be \"key\" or \"owner\".");
    }

    private static Instant instant(JsonNode body) {
        String s = text(body, "expires_at", true);
        if (s == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid("expires_at", "'expires_at' must be an RFC 3339 date-time such as 2026-12-31T23:59:59Z, "
                    + "or null.");
        }
    }

    private static List<Cidr> cidrs(JsonNode body) {
        List<Cidr> out = new ArrayList<>();
        for (String s : strings(body, "allowed_ips")) {
            out.add(Cidr.parse(s).orElseThrow(() -> invalid("allowed_ips", "'" + s + "' is not a CIDR (IPv4 such as "
                    + "203.0.113.0/24, or IPv6 such as 2001:db8::/32).")));
        }
        return out;
    }

    private static List<String> domains(JsonNode body) {
        List<String> out = new ArrayList<>();
        for (String s : strings(body, "allowed_domains")) {
            String host = s.toLowerCase(Locale.ROOT);
            if (host.length() > 253 || !HOST.matcher(host).matches()) {
                throw invalid("allowed_domains", "'" + s + "' is not a host name (example.com, or *.example.com "
                        + "for its subdomains).");
            }
            out.add(host);
        }
        return out;
    }

    private static List<String> strings(JsonNode body, String field) {
        JsonNode v = value(body, field);
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (!v.isArray()) {
            throw invalid(field, "'" + field + "' must be a list of strings.");
        }
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw invalid(field, "'" + field + "' must be a list of strings.");
            }
            out.add(e.asText());
        }
        return out;
    }

    private static GatewayException invalid(String field, String message) {
        return new GatewayException(ErrorCode.INVALID_REQUEST, message, field);
    }
}
