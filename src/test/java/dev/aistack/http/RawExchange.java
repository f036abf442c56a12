package dev.aistack.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a fuzz case's bytes on a fresh loopback socket and reads back every HTTP answer until the connection ends,
 * parsing only what is needed to find where each answer ends (Content-Length, chunked, or close).
 */
final class RawExchange {
    /** One answer as received; header names lower-cased. */
    record Answer(String statusLine, int status, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.get(0);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String summary() {
            String b = text().replace("\n", "\\n");
            return statusLine + " " + (b.length() > 200 ? b.substring(0, 200) + "..." : b);
        }
    }

    /** Everything the connection carried back, and how it ended: "closed", or what went wrong. */
    record Result(List<Answer> answers, String ending) {
        Answer first() {
            return answers.isEmpty() ? null : answers.get(0);
        }
    }

    /** Sent after the first answer of a smuggling case, so whatever the gateway parsed from the body comes back. */
    static final byte[] FOLLOW_UP = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.ISO_8859_1);

    private static final int READ_TIMEOUT_MS = 5_000;
    private static final int MAX_HEAD_BYTES = 1 << 20;

    private RawExchange() {
    }

    static Result send(int port, FuzzCase c) {
        List<Answer> answers = new ArrayList<>();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.setSoTimeout(READ_TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            try {
                out.write(c.bytes());
                out.flush();
            } catch (IOException e) {
                // The gateway may answer and close before it has read a huge request: read what it said.
            }
            if (c.halfClose()) {
                socket.shutdownOutput();
            }
            boolean head = c.method().equals("HEAD");
            while (true) {
                Answer a = read(in, head && answers.isEmpty());
                if (a == null) {
                    return new Result(answers, "closed");
                }
                answers.add(a);
                boolean smuggling = c.expect() == FuzzCase.Expect.NO_SMUGGLED_ANSWER;
                if (smuggling && answers.size() == 1) {
                    try {
                        out.write(FOLLOW_UP);
                        out.flush();
                    } catch (IOException closedAlready) {
                        // fine: the gateway closed after its answer, which is one right way to end a smuggling try
                    }
                } else if (closes(a)) {
                    // The last answer the server promised. Helidon 4.5.0 keeps reading after it instead of closing
                    // (RFC 9112 9.6 says it must close), so waiting for the end would only cost the read timeout.
                    return new Result(answers, "answered with Connection: close");
                }
            }
        } catch (SocketTimeoutException e) {
            return new Result(answers, "no more bytes within " + READ_TIMEOUT_MS + " ms");
        } catch (IOException e) {
            return new Result(answers, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static boolean closes(Answer a) {
        List<String> connection = a.headers().get("connection");
        return connection != null && connection.stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("close"));
    }

    /** The next non-1xx answer, or null when the connection ended cleanly before its first byte. */
    private static Answer read(InputStream in, boolean noBody) throws IOException {
        while (true) {
            String statusLine = line(in, true);
            if (statusLine == null) {
                return null;
            }
            int status = status(statusLine);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            int headBytes = statusLine.length();
            for (String h = line(in, false); !h.isEmpty(); h = line(in, false)) {
                headBytes += h.length();
                if (headBytes > MAX_HEAD_BYTES) {
                    throw new IOException("answer head over " + MAX_HEAD_BYTES + " bytes");
                }
                int colon = h.indexOf(':');
                if (colon > 0) {
                    headers.computeIfAbsent(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                            .add(h.substring(colon + 1).trim());
                }
            }
            if (status >= 100 && status < 200) {
                continue; // 100 Continue and friends precede the real answer
            }
            byte[] body = noBody || status == 204 || status == 304 || status < 0 ? new byte[0] : body(in, headers);
            return new Answer(statusLine, status, headers, body);
        }
    }

    private static byte[] body(InputStream in, Map<String, List<String>> headers) throws IOException {
        List<String> te = headers.get("transfer-encoding");
        if (te != null && te.get(te.size() - 1).toLowerCase(Locale.ROOT).endsWith("chunked")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (true) {
                String size = line(in, false);
                int semi = size.indexOf(';');
                int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                if (n == 0) {
                    while (!line(in, false).isEmpty()) {
                        // trailers
                    }
                    return out.toByteArray();
                }
                out.writeBytes(in.readNBytes(n));
                line(in, false);
            }
        }
        List<String> length = headers.get("content-length");
        if (length != null) {
            int n = Integer.parseInt(length.get(0));
            byte[] b = in.readNBytes(n);
            if (b.length < n) {
                throw new EOFException("answer body ended after " + b.length + " of " + n + " bytes");
            }
            return b;
        }
        return in.readAllBytes();
    }

    private static int status(String statusLine) {
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("[1-5][0-9][0-9]")) {
            return -1;
        }
        return Integer.parseInt(parts[1]);
    }

    /** One CRLF-ended line (ISO-8859-1); null at a clean end only when {@code endOk} and nothing was read. */
    private static String line(InputStream in, boolean endOk) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (true) {
            int ch = in.read();
            if (ch < 0) {
                if (endOk && b.size() == 0) {
                    return null;
                }
                throw new EOFException("connection ended inside an answer head after " + b.size() + " bytes");
            }
            if (ch == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            if (b.size() > MAX_HEAD_BYTES) {
                throw new IOException("answer line over " + MAX_HEAD_BYTES + " bytes");
            }
            b.write(ch);
        }
    }
}
