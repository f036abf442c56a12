package dev.aistack.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** An HTTP/1.1 client on a bare socket, for what ordinary clients cannot do: leave, reset, stall, dribble, pipeline. */
public final class RawClient implements AutoCloseable {
    /** One response as read off the socket. */
    public record Response(int status, Map<String, String> headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout((int) Duration.ofSeconds(15).toMillis()); // no test waits forever
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    public static RawClient connect(RunningGateway gw) {
        return connect(gw, 0);
    }

    /** With a receive buffer of about this many bytes (0: the system's), set before connecting so it binds. */
    public static RawClient connect(RunningGateway gw, int receiveBuffer) {
        try {
            Socket s = new Socket();
            if (receiveBuffer > 0) {
                s.setReceiveBufferSize(receiveBuffer);
            }
            s.connect(new InetSocketAddress("127.0.0.1", gw.port()), 5000);
            return new RawClient(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A POST request's bytes, JSON body, keep-alive. */
    public static String post(String path, String json, String... headers) {
        StringBuilder b = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nContent-Length: "
                + json.getBytes(StandardCharsets.UTF_8).length + "\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            b.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        return b.append("\r\n").append(json).toString();
    }

    public static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    }

    public RawClient send(String bytes) {
        try {
            out.write(bytes.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads what comes until it contains {@code text} (a stream's first event), then reads nothing more. */
    public void readUntil(String text) {
        try {
            StringBuilder seen = new StringBuilder();
            byte[] buf = new byte[256];
            while (!seen.toString().contains(text)) {
                int n = in.read(buf);
                if (n < 0) {
                    throw new IllegalStateException("the gateway closed the connection before " + text + ": " + seen);
                }
                seen.append(new String(buf, 0, n, java.nio.charset.StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a few bytes of whatever comes (a stream's start), then reads nothing more. */
    public void readSome() {
        try {
            if (in.read(new byte[64]) < 0) {
                throw new IllegalStateException("the gateway closed the connection");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one whole response (Content-Length or chunked body). */
    public Response readResponse() {
        try {
            String head = readHead();
            String[] lines = head.split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
            byte[] body;
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                while (true) {
                    int size = Integer.parseInt(readLine().trim(), 16);
                    all.write(in.readNBytes(size));
                    readLine();
                    if (size == 0) {
                        break;
                    }
                }
                body = all.toByteArray();
            } else {
                body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
            }
            return new Response(status, headers, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the gateway closes the connection (EOF or reset) within the socket's timeout, reading what it sends. */
    public boolean closedByGateway() {
        try {
            byte[] buf = new byte[1024];
            while (in.read(buf) >= 0) {
                // what comes before the end does not matter here
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** Closes with a reset (SO_LINGER 0) instead of a FIN, as a crashed client or a killed process does. */
    public void reset() {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String readHead() throws IOException {
        StringBuilder b = new StringBuilder();
        while (!b.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed before a response head; got: " + b);
            }
            b.append((char) c);
        }
        return b.substring(0, b.length() - 4);
    }

    private String readLine() throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            b.append((char) c);
        }
        return b.toString();
    }
}
