import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One persistent HTTP/1.1 connection to 127.0.0.1, with just enough of the protocol for the probes: requests
 * are written whole, responses are read by Content-Length or chunked framing. A hand-written client (rather than
 * java.net.http) so that the only thing between the clock and the socket is a read: the figures are fractions of a
 * millisecond, and the client's own cost is paid equally by every target anyway.
 */
final class HttpConn implements AutoCloseable {
    /** One answer: status, body, and when its first body byte and its end were read (System.nanoTime). */
    record Response(int status, byte[] body, long firstByteNanos, long endNanos) {
        String text() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }
    }

    private final int port;
    private final int timeoutMillis;
    private Socket socket;
    private OutputStream out;
    private InputStream in;
    private long firstByte;

    HttpConn(int port, int timeoutMillis) throws IOException {
        this.port = port;
        this.timeoutMillis = timeoutMillis;
        open();
    }

    static byte[] post(String path, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        return request;
    }

    static byte[] get(String path) {
        return ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Sends the request and reads the whole answer; reconnects first if the server closed the last one. */
    Response exchange(byte[] request) throws IOException {
        if (socket == null) {
            open();
        }
        firstByte = 0;
        out.write(request);
        out.flush();
        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("connection closed before the status line");
        }
        int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String h = line(); h != null && !h.isEmpty(); h = line()) {
            String name = h.substring(0, h.indexOf(':')).trim().toLowerCase();
            String value = h.substring(h.indexOf(':') + 1).trim().toLowerCase();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.contains("chunked");
                case "connection" -> close = value.contains("close");
                default -> { }
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            for (long size = chunkSize(); size > 0; size = chunkSize()) {
                copy(size, body);
                line();
            }
            for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) {
                // trailers are not used
            }
        } else if (length >= 0) {
            copy(length, body);
        } else {
            copy(Long.MAX_VALUE, body); // read to close
            close = true;
        }
        long end = System.nanoTime();
        if (close) {
            close();
        }
        return new Response(status, body.toByteArray(), firstByte == 0 ? end : firstByte, end);
    }

    private void open() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(timeoutMillis);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    }

    private long chunkSize() throws IOException {
        String size = line();
        if (size == null) {
            throw new IOException("connection closed inside a chunked body");
        }
        int semicolon = size.indexOf(';');
        return Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
    }

    private void copy(long length, ByteArrayOutputStream to) throws IOException {
        byte[] buffer = new byte[8192];
        long left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                if (length == Long.MAX_VALUE) {
                    return;
                }
                throw new IOException("connection closed inside a body");
            }
            if (firstByte == 0) {
                firstByte = System.nanoTime();
            }
            to.write(buffer, 0, n);
            left -= n;
        }
    }

    /** A CRLF-terminated line, or null at the end of the stream. */
    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = in.read(); ; c = in.read()) {
            if (c < 0) {
                return sb.isEmpty() ? null : sb.toString();
            }
            if (c == '\n') {
                int n = sb.length();
                return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
            }
            sb.append((char) c);
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a loopback socket: nothing to recover
            }
            socket = null;
        }
    }
}
