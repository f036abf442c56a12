package dev.aistack.upstream;

import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Whole bodies as backends send them (a Content-Length, chunked, one longer than the presized bound, one cut short),
 * from a loopback server writing the exact bytes: read whole and unchanged, and the kept-alive connection is reused.
 */
class WholeBodyTest {
    private Backend server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aBodyWithAContentLengthIsReadWholeAndItsConnectionReused() throws Exception {
        byte[] body = bytes(300);
        server = Backend.answering(n -> fixed(body));
        WebClient client = client();
        for (int i = 0; i < 3; i++) {
            try (HttpClientResponse res = client.get("/").request()) {
                assertArrayEquals(body, WholeBody.read(res));
            }
        }
        assertEquals(1, server.connections(), "the body was not read to its end: the connection was not reused");
    }

    @Test
    void anEmptyBodyIsReadAndItsConnectionReused() throws Exception {
        server = Backend.answering(n -> fixed(new byte[0]));
        WebClient client = client();
        for (int i = 0; i < 2; i++) {
            try (HttpClientResponse res = client.get("/").request()) {
                assertArrayEquals(new byte[0], WholeBody.read(res));
            }
        }
        assertEquals(1, server.connections());
    }

    @Test
    void aChunkedBodyIsReadWhole() throws Exception {
        byte[] body = bytes(70_000);
        server = Backend.answering(n -> chunked(body, 4096));
        try (HttpClientResponse res = client().get("/").request()) {
            assertArrayEquals(body, WholeBody.read(res));
        }
    }

    @Test
    void aBodyLongerThanThePresizedBoundIsReadWhole() throws Exception {
        byte[] body = bytes(WholeBody.PRESIZED_MAX + 12_345);
        server = Backend.answering(n -> fixed(body));
        try (HttpClientResponse res = client().get("/").request()) {
            assertArrayEquals(body, WholeBody.read(res));
        }
    }

    @Test
    void aBodyCutShortOfItsContentLengthFails() throws Exception {
        byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        server = Backend.answering(n -> concat(head, bytes(40))).closingAfterAnswer();
        try (HttpClientResponse res = client().get("/").request()) {
            assertThrows(Exception.class, () -> WholeBody.read(res), "a cut body must not pass for a whole one");
        }
    }

    private WebClient client() {
        return WebClient.builder().baseUri("http://127.0.0.1:" + server.port()).readTimeout(Duration.ofSeconds(10))
                .build();
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ('a' + i % 26);
        }
        return b;
    }

    private static byte[] fixed(byte[] body) {
        return concat(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), body);
    }

    private static byte[] chunked(byte[] body, int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        for (int off = 0; off < body.length; off += size) {
            int len = Math.min(size, body.length - off);
            out.writeBytes((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, off, len);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** Answers each GET on a connection with the given bytes; counts the connections it accepted. */
    private static final class Backend implements AutoCloseable {
        private final ServerSocket socket;
        private final IntFunction<byte[]> answer;
        private final AtomicInteger connections = new AtomicInteger();
        private volatile boolean closeAfterAnswer;

        private Backend(IntFunction<byte[]> answer) throws IOException {
            this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            this.answer = answer;
            Thread.ofVirtual().start(this::accept);
        }

        static Backend answering(IntFunction<byte[]> answer) throws IOException {
            return new Backend(answer);
        }

        Backend closingAfterAnswer() {
            closeAfterAnswer = true;
            return this;
        }

        int port() {
            return socket.getLocalPort();
        }

        int connections() {
            return connections.get();
        }

        private void accept() {
            try {
                while (true) {
                    Socket s = socket.accept();
                    connections.incrementAndGet();
                    Thread.ofVirtual().start(() -> serve(s));
                }
            } catch (IOException closed) {
                // the test is over
            }
        }

        private void serve(Socket s) {
            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                for (int n = 0; readHead(in); n++) {
                    out.write(answer.apply(n));
                    out.flush();
                    if (closeAfterAnswer) {
                        return;
                    }
                }
            } catch (IOException gone) {
                // the client closed its connection
            }
        }

        /** Reads one request head (a GET has no body); false at the end of the connection. */
        private static boolean readHead(InputStream in) throws IOException {
            int matched = 0;
            for (int b = in.read(); b != -1; b = in.read()) {
                matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
                if (matched == 4) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
