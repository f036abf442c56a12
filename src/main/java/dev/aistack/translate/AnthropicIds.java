package dev.aistack.translate;

import java.security.SecureRandom;

/** Anthropic-style ids (msg_…, toolu_…): 24 characters of base62, as Anthropic's own are. */
public final class AnthropicIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private AnthropicIds() {
    }

    public static String message() {
        return "msg_" + random(24);
    }

    static String toolUse() {
        return "toolu_" + random(24);
    }

    private static String random(int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }
}
