package dev.aistack.upstream;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class SseFramerTest {
    /** Hands out the stream a few bytes at a time, as a network would. */
    private static InputStream dribble(byte[] bytes, int step) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, step));
            }
        };
    }

    @Test
    void splitsEventsAtBlankLinesKeepingEveryByte() throws IOException {
        byte[] stream = "data: {\"a\":\"é🙂\"}\n\ndata: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);
        SseFramer events = new SseFramer(dribble(stream, 3));
        assertArrayEquals("data: {\"a\":\"é🙂\"}\n\n".getBytes(StandardCharsets.UTF_8), events.next());
        assertArrayEquals("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8), events.next());
        assertNull(events.next());
    }

    @Test
    void acceptsCrLfLineEndingsAndNamedEvents() throws IOException {
        byte[] stream = "event: response.created\r\ndata: {}\r\n\r\nevent: x\ndata: 1\n\n".getBytes(StandardCharsets.UTF_8);
        SseFramer events = new SseFramer(dribble(stream, 5));
        assertArrayEquals("event: response.created\r\ndata: {}\r\n\r\n".getBytes(StandardCharsets.UTF_8), events.next());
        assertArrayEquals("event: x\ndata: 1\n\n".getBytes(StandardCharsets.UTF_8), events.next());
        assertNull(events.next());
    }

    @Test
    void aStreamEndingMidEventYieldsTheRestAsIs() throws IOException {
        byte[] stream = "data: 1\n\ndata: {\"partial".getBytes(StandardCharsets.UTF_8);
        SseFramer events = new SseFramer(dribble(stream, 4));
        assertArrayEquals("data: 1\n\n".getBytes(StandardCharsets.UTF_8), events.next());
        assertArrayEquals("data: {\"partial".getBytes(StandardCharsets.UTF_8), events.next());
        assertNull(events.next());
    }
}
