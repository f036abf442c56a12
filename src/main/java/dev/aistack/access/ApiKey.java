package dev.aistack.access;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * A managed key as stored: identity, lifetime, policy and the HMAC digest of its secret (never the secret).
 * {@link #toJson()} is the key object the admin API shows, without the digest.
 */
public record ApiKey(String id, String name, String owner, String hint, Instant createdAt, Instant expiresAt,
                     Instant revokedAt, Policy policy, String digest) {
    static final ObjectMapper JSON = new ObjectMapper();

    boolean expired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    boolean revoked() {
        return revokedAt != null;
    }

    ApiKey withPolicy(String newName, String newOwner, Instant newExpiresAt, Policy newPolicy) {
        return new ApiKey(id, newName, newOwner, hint, createdAt, newExpiresAt, revokedAt, newPolicy, digest);
    }

    ApiKey withSecret(String newHint, String newDigest) {
        return new ApiKey(id, name, owner, newHint, createdAt, expiresAt, revokedAt, policy, newDigest);
    }

    ApiKey revokedAt(Instant when) {
        return new ApiKey(id, name, owner, hint, createdAt, expiresAt, when, policy, digest);
    }

    /** The key object of the API: no digest, no secret. */
    public ObjectNode toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", id);
        n.put("object", "api_key");
        n.put("name", name);
        Policy.putNullable(n, "owner", owner);
        n.put("hint", hint);
        n.put("created_at", createdAt.toString());
        Policy.putNullable(n, "expires_at", expiresAt);
        Policy.putNullable(n, "revoked_at", revokedAt);
        policy.writeTo(n);
        return n;
    }

    /** The stored form: the key object plus the digest. */
    String toStored() {
        return toJson().put("digest", digest).toString();
    }

    static ApiKey fromStored(String json) {
        try {
            ObjectNode n = (ObjectNode) JSON.readTree(json);
            KeyForm form = KeyForm.parse(n, KeyForm.STORED);
            return new ApiKey(n.get("id").asText(), form.name(), form.owner(), n.get("hint").asText(),
                    Instant.parse(n.get("created_at").asText()), form.expiresAt(),
                    n.path("revoked_at").isTextual() ? Instant.parse(n.get("revoked_at").asText()) : null,
                    form.policy(), n.get("digest").asText());
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalStateException("a stored key record is unreadable: " + e.getMessage(), e);
        }
    }
}
