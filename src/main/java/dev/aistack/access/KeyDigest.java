package dev.aistack.access;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * HMAC-SHA256 of a secret, keyed by AISTACK_KEY_PEPPER: what is stored instead of the secret. Without the pepper a
 * stolen store cannot be brute-forced offline, and the digest is also the lookup key, so finding a key is one
 * store read whatever the number of keys.
 */
public final class KeyDigest {
    private static final String ALGORITHM = "HmacSHA256";
    private final SecretKeySpec key;

    public KeyDigest(byte[] pepper) {
        this.key = new SecretKeySpec(pepper.clone(), ALGORITHM);
    }

    public static KeyDigest keyedBy(String pepper) {
        return new KeyDigest(pepper.getBytes(StandardCharsets.UTF_8));
    }

    /** A digest keyed by random bytes of this process only: for static keys when no pepper is configured. */
    public static KeyDigest ephemeral() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return new KeyDigest(random);
    }

    /** Lower-case hex of the HMAC. */
    public String digest(CharSequence secret) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM); // Mac is not thread-safe; one per call is cheap
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(secret.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Constant-time comparison of two digests (MessageDigest.isEqual does not stop at the first difference). */
    public static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }
}
