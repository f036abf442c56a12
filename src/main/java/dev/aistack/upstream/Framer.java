package dev.aistack.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a streamed body into whole events as they arrive, without decoding: bytes, including a multi-byte
 * character split across reads, come out exactly as they went in. Subclasses say where an event ends.
 */
public abstract class Framer {
    // A backend that never ends an event must not exhaust memory.
    private static final int MAX_EVENT_BYTES = 64 * 1024 * 1024;
    private final InputStream in;
    private byte[] buf = new byte[2048]; // most events are far smaller; it grows for the rest (open streams x this)
    private int start;
    private int end;
    private int scanned; // bytes from start already searched for a boundary
    private boolean eof;

    protected Framer(InputStream in) {
        this.in = in;
    }

    /** The framer for a response's media type: SSE or NDJSON; null when the body is not a stream of events. */
    public static Framer forMediaType(String mediaType, InputStream in) {
        return switch (mediaType.toLowerCase(java.util.Locale.ROOT)) {
            case "text/event-stream" -> new SseFramer(in);
            case "application/x-ndjson" -> new NdjsonFramer(in);
            default -> null;
        };
    }

    /**
     * Index just past the end of the first whole event in {@code b[from, to)}, or -1 when there is none yet.
     * {@code from} may be inside an event: the search resumes where the previous one stopped.
     */
    protected abstract int boundary(byte[] b, int from, int to);

    /** An event carrying the gateway's error envelope, in this stream's format, for a stream that broke. */
    public abstract byte[] errorEvent(byte[] envelopeJson);

    /** How many bytes before {@code from} a boundary may start (the length of a boundary, less one). */
    protected abstract int lookBehind();

    /** The next whole event, or what is left when the stream ends mid-event, or null at the end. */
    public byte[] next() throws IOException {
        while (true) {
            int boundary = boundary(buf, Math.max(start, start + scanned - lookBehind()), end);
            if (boundary > 0) {
                byte[] event = Arrays.copyOfRange(buf, start, boundary);
                start = boundary;
                scanned = 0;
                return event;
            }
            scanned = end - start;
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

    /**
     * Whether the next event can be had without waiting for the backend. The relay flushes only when it cannot:
     * events that arrived together go out together, events that arrived apart are still flushed apart.
     */
    public boolean hasBufferedEvent() {
        return boundary(buf, start, end) > 0 || (eof && start < end);
    }

    protected static byte[] concat(byte[] prefix, byte[] body, String suffix) {
        byte[] end = suffix.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] out = new byte[prefix.length + body.length + end.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(body, 0, out, prefix.length, body.length);
        System.arraycopy(end, 0, out, prefix.length + body.length, end.length);
        return out;
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
