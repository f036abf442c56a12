package dev.aistack.http;

import java.nio.charset.StandardCharsets;

/**
 * One generated request for {@link RequestFuzzTest}: the exact bytes written to the socket, the class of defect it
 * probes ({@code kind}, used to group failures), a human description, and what a correct answer must be.
 */
record FuzzCase(int index, String kind, String detail, String method, byte[] bytes, Expect expect, boolean halfClose) {

    /** What the gateway owes this request beyond the invariants every request has. */
    enum Expect {
        /** Any well-formed answer: a status line, never a server fault, the catalog envelope on gateway errors. */
        ANY_ANSWER,
        /** The request is wrong whatever the reading: a 4xx (the gateway's own, or the backend's relayed). */
        CLIENT_ERROR,
        /** Bytes that one HTTP parser reads as a second request inside the body: that request is never answered. */
        NO_SMUGGLED_ANSWER
    }

    /** The first bytes of the request, control bytes escaped, for a failure message. */
    String preview() {
        String text = new String(bytes, 0, Math.min(bytes.length, 160), StandardCharsets.ISO_8859_1);
        StringBuilder out = new StringBuilder();
        for (char ch : text.toCharArray()) {
            if (ch == '\r') {
                out.append("\\r");
            } else if (ch == '\n') {
                out.append("\\n");
            } else if (ch < 0x20 || ch >= 0x7f) {
                out.append(String.format("\\x%02x", (int) ch));
            } else {
                out.append(ch);
            }
        }
        return out + (bytes.length > 160 ? "... (" + bytes.length + " bytes)" : "");
    }
}
