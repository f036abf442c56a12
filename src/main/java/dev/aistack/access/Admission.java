package dev.aistack.access;

import dev.aistack.http.JsonBody;
import dev.aistack.usage.Usage;

import java.util.function.Consumer;

/**
 * An inference request the policy let through: the body to forward (shaped, or the very bytes received), the key
 * id (null in open mode), and {@link #charge} for the tokens it used once it has ended.
 */
public final class Admission {
    private final JsonBody body;
    private final String keyId;
    private final Consumer<Usage> charger;
    private boolean charged;

    Admission(JsonBody body, String keyId, Consumer<Usage> charger) {
        this.body = body;
        this.keyId = keyId;
        this.charger = charger;
    }

    public JsonBody body() {
        return body;
    }

    public String keyId() {
        return keyId;
    }

    /** Charges the request's real usage to the key's (or owner's) quotas; only the first call counts. */
    public synchronized void charge(Usage usage) {
        if (!charged) {
            charged = true;
            charger.accept(usage);
        }
    }
}
