package dev.aistack.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A backend on a raw loopback socket that records each request's head exactly as it came over the wire (request
 * line byte for byte, headers in order; FakeOllama's JDK server parses the target and hides the query), and
 * answers every request 200 with a small JSON body.
 */
public final class RecordingBackend implements AutoCloseable {
    /** One request head as received. */
    public record Head(String requestLine, List<String> headerLines) {
        public String target() {
            return requestLine.split(" ")[1];
        }

        /** Every value of a header, case-insensitively by name. */
        public List<String> values(String name) {
            List<String> out = new ArrayList<>();
            for (String line : headerLines) {
                int colon = line.indexOf(':');
                if (line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    out.add(line.substring(colon + 1).trim());
                }
            }
            return out;
        }
    }

    private static final byte[] BODY = "{\"object\":\"list\",\"data\":[]}".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    private final List<Head> received = new CopyOnWriteArrayList<>();

    private RecordingBackend() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::accept);
    }

    public static RecordingBackend start() {
        try {
            return new RecordingBackend();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    public List<Head> received() {
        return List.copyOf(received);
    }

    /** The requests whose target starts with /v1 (not the gateway's own native calls such as keep_alive). */
    public List<Head> receivedOnV1() {
        return received().stream().filter(h -> h.target().startsWith("/v1")).toList();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (true) {
                List<String> lines = readHead(in);
                if (lines == null) {
                    return;
                }
                Head head = new Head(lines.get(0), List.copyOf(lines.subList(1, lines.size())));
                received.add(head);
                long length = head.values("Content-Length").stream().findFirst().map(Long::parseLong).orElse(0L);
                in.readNBytes((int) length);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + BODY.length
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(BODY);
                out.flush();
            }
        } catch (IOException | RuntimeException gone) {
            // the gateway closed its connection
        }
    }

    private static List<String> readHead(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        List<String> lines = new ArrayList<>();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                text = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
                if (text.isEmpty()) {
                    return lines;
                }
                lines.add(text);
                line.reset();
            } else {
                line.write(b);
            }
        }
        return null;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
