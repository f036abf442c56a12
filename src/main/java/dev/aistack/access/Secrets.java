package dev.aistack.access;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Key secrets and ids. A secret is {@code ask-} + 40 base62 characters (238 bits): the prefix lets secret scanners
 * find a leaked key; the first 8 characters after it are kept as the display hint.
 */
public final class Secrets {
    public static final String PREFIX = "ask-";
    static final int LENGTH = 40;
    static final int HINT_LENGTH = 8;
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final Pattern SHAPE = Pattern.compile("ask-[0-9A-Za-z]{40}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    public static String newSecret() {
        return PREFIX + base62(LENGTH);
    }

    public static String newKeyId() {
        return "key_" + base62(24);
    }

    /** The display hint: the 8 characters after the prefix. */
    public static String hint(String secret) {
        return secret.substring(PREFIX.length(), PREFIX.length() + HINT_LENGTH);
    }

    /** Whether the text has a managed secret's shape; only such texts are looked up in the store. */
    public static boolean wellFormed(String text) {
        return SHAPE.matcher(text).matches();
    }

    private static String base62(int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(BASE62.charAt(RANDOM.nextInt(BASE62.length()))); // nextInt(bound) is unbiased
        }
        return b.toString();
    }
}
