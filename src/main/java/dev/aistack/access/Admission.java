package dev.aistack.access;

import dev.aistack.usage.Usage;

import java.util.function.Consumer;

/**
 * An inference request the policy let through: the body to forward (shaped, or the very bytes received), the model
 * it names (the key's bound model, if any), the key id (null in open mode), and {@link #charge} for the tokens it
 * used once it has ended.
 */
public final class Admission {
    private final byte[] body;
    private final String model;
    private final String keyId;
    private final String cluster;
    private final Consumer<Usage> charger;
    private boolean charged;

    Admission(byte[] body, String model, String keyId, String cluster, Consumer<Usage> charger) {
        this.cluster = cluster;
        this.body = body;
        this.model = model;
        this.keyId = keyId;
        this.charger = charger;
    }

    public byte[] body() {
        return body;
    }

    public String model() {
        return model;
    }

    public String keyId() {
        return keyId;
    }

    /** The cluster the key is bound to (only its nodes may serve it), or null. */
    public String cluster() {
        return cluster;
    }

    /** Charges the request's real usage to the key's (or owner's) quotas; only the first call counts. */
    public synchronized void charge(Usage usage) {
        if (!charged) {
            charged = true;
            charger.accept(usage);
        }
    }
}
