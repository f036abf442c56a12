package dev.aistack.upstream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Surgical edits of a JSON object's bytes: everything outside the edited field stays byte for byte as it was
 * (re-serialising would change escapes, number forms and key order that clients or backends may rely on).
 */
public final class JsonBytes {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonBytes() {
    }

    /** Appends {@code "name":rawValue} as the last member of the top-level object; Go decoders let the last key win. */
    public static byte[] appendField(byte[] object, String name, String rawValue) throws IOException {
        int close = -1;
        boolean hasMembers = false;
        try (JsonParser p = FACTORY.createParser(object)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
                if (t == null) {
                    throw new IOException("truncated JSON object");
                }
                hasMembers = true;
                p.nextToken();
                p.skipChildren();
            }
            close = (int) p.currentTokenLocation().getByteOffset();
        }
        String member = (hasMembers ? "," : "") + "\"" + name + "\":" + rawValue;
        ByteArrayOutputStream out = new ByteArrayOutputStream(object.length + member.length());
        out.write(object, 0, close);
        out.writeBytes(member.getBytes(StandardCharsets.UTF_8));
        out.write(object, close, object.length - close);
        return out.toByteArray();
    }

    /** Removes the top-level member {@code name} (and one separating comma); the bytes unchanged when it is absent. */
    public static byte[] removeField(byte[] object, String name) throws IOException {
        int start = -1;
        int end = -1;
        try (JsonParser p = FACTORY.createParser(object)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return object;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                int keyStart = (int) p.currentTokenLocation().getByteOffset();
                boolean match = p.currentName().equals(name);
                p.nextToken();
                p.skipChildren();
                if (match) {
                    start = keyStart;
                    end = (int) p.currentLocation().getByteOffset();
                    break;
                }
            }
            if (t == null) {
                return object;
            }
        }
        if (start < 0) {
            return object;
        }
        // Take the comma before the member, or else the one after it, so the object stays valid.
        int before = start - 1;
        while (before >= 0 && Character.isWhitespace(object[before])) {
            before--;
        }
        if (before >= 0 && object[before] == ',') {
            start = before;
        } else {
            int after = end;
            while (after < object.length && Character.isWhitespace(object[after])) {
                after++;
            }
            if (after < object.length && object[after] == ',') {
                end = after + 1;
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(object.length);
        out.write(object, 0, start);
        out.write(object, end, object.length - end);
        return out.toByteArray();
    }

    /**
     * Replaces the value of every top-level string member {@code name} with {@code value} (an alias rewrite of
     * "model"); every other byte stays as it was.
     */
    public static byte[] replaceString(byte[] object, String name, String value) throws IOException {
        java.util.List<int[]> spans = new java.util.ArrayList<>();
        try (JsonParser p = FACTORY.createParser(object)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return object;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                boolean match = p.currentName().equals(name);
                JsonToken v = p.nextToken();
                if (match && v == JsonToken.VALUE_STRING) {
                    int start = (int) p.currentTokenLocation().getByteOffset();
                    p.getText(); // the parser reads a string lazily: consume it, so the location is past its quote
                    spans.add(new int[]{start,
                            (int) p.currentLocation().getByteOffset()});
                }
                p.skipChildren();
            }
        }
        if (spans.isEmpty()) {
            return object;
        }
        byte[] quoted = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(value);
        ByteArrayOutputStream out = new ByteArrayOutputStream(object.length + quoted.length);
        int at = 0;
        for (int[] span : spans) {
            out.write(object, at, span[0] - at);
            out.write(quoted);
            at = span[1];
        }
        out.write(object, at, object.length - at);
        return out.toByteArray();
    }
}
