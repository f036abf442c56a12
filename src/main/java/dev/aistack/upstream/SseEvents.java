package dev.aistack.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a server-sent-events byte stream into whole events (each ending with its blank line) as they arrive,
 * without decoding: bytes, including a multi-byte character split across reads, come out exactly as they went in.
 */
final class SseEvents {
    // A backend that never ends an event must not exhaust memory.
    private static final int MAX_EVENT_BYTES = 64 * 1024 * 1024;
    private final InputStream in;
    private byte[] buf = new byte[8192];
    private int start;
    private int end;
    private boolean eof;

    SseEvents(InputStream in) {
        this.in = in;
    }

    /** The next whole event, or what is left when the stream ends without a blank line, or null at the end. */
    byte[] next() throws IOException {
        while (true) {
            int boundary = boundary();
            if (boundary > 0) {
                byte[] event = Arrays.copyOfRange(buf, start, boundary);
                start = boundary;
                return event;
            }
            if (eof) {
                if (start == end) {
                    return null;
                }
                byte[] rest = Arrays.copyOfRange(buf, start, end);
                start = end;
                return rest;
            }
            fill();
        }
    }

    /** Index just past the first blank line ("\n\n" or "\r\n\r\n") in the buffered bytes, or -1. */
    private int boundary() {
        for (int i = start; i + 1 < end; i++) {
            if (buf[i] == '\n' && buf[i + 1] == '\n') {
                return i + 2;
            }
            if (buf[i] == '\n' && buf[i + 1] == '\r' && i + 2 < end && buf[i + 2] == '\n') {
                return i + 3;
            }
        }
        return -1;
    }

    private void fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buf.length) {
            if (buf.length >= MAX_EVENT_BYTES) {
                throw new IOException("an event from the backend exceeds " + MAX_EVENT_BYTES + " bytes");
            }
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        int n = in.read(buf, end, buf.length - end);
        if (n < 0) {
            eof = true;
        } else {
            end += n;
        }
    }
}
