package dev.aistack.upstream;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NdjsonFramerTest {
    private static InputStream dribble(byte[] bytes, int step) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, step));
            }
        };
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void splitsLinesKeepingEveryByteOfSplitCharacters() throws IOException {
        byte[] stream = utf8("{\"message\":{\"content\":\"é🙂\"},\"done\":false}\n{\"done\":true}\n");
        NdjsonFramer lines = new NdjsonFramer(dribble(stream, 3));
        assertArrayEquals(utf8("{\"message\":{\"content\":\"é🙂\"},\"done\":false}\n"), lines.next());
        assertArrayEquals(utf8("{\"done\":true}\n"), lines.next());
        assertNull(lines.next());
    }

    @Test
    void knowsWhenTheNextLineIsAlreadyBufferedSoTheRelayFlushesOncePerRead() throws IOException {
        NdjsonFramer lines = new NdjsonFramer(new ByteArrayInputStream(utf8("{\"a\":1}\n{\"b\":2}\n{\"c\"")));
        lines.next();
        assertTrue(lines.hasBufferedEvent());
        lines.next();
        assertFalse(lines.hasBufferedEvent(), "a partial line is not an event yet");
    }

    @Test
    void choosesTheFramerByMediaType() {
        InputStream none = InputStream.nullInputStream();
        assertTrue(Framer.forMediaType("application/x-ndjson", none) instanceof NdjsonFramer);
        assertTrue(Framer.forMediaType("text/event-stream", none) instanceof SseFramer);
        assertNull(Framer.forMediaType("application/json", none));
    }
}
