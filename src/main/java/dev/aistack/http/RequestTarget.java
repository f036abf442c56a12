package dev.aistack.http;

import dev.aistack.errors.ErrorCode;
import dev.aistack.errors.GatewayException;

/**
 * The path and query are forwarded exactly as the client sent them, never decoded and encoded again (that turned
 * {@code %63} into {@code %2563} and {@code ?} into {@code %3F}). Only what can be written back byte for byte
 * qualifies: visible ASCII, as RFC 3986 requires. Helidon lets raw non-ASCII bytes through, which could not be
 * sent on faithfully, so they are refused rather than altered.
 */
public final class RequestTarget {
    private RequestTarget() {
    }

    /** The raw path-and-query itself, when it can be forwarded unchanged; else a 400 invalid_http. */
    public static String verbatim(String rawPathAndQuery) {
        for (int i = 0; i < rawPathAndQuery.length(); i++) {
            char c = rawPathAndQuery.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new GatewayException(ErrorCode.INVALID_HTTP, "The request target has a character that is "
                        + "not allowed in a URI at position " + i + "; percent-encode it (RFC 3986).", "path");
            }
        }
        return rawPathAndQuery;
    }
}
