package dev.aistack.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A request as raw lines and bytes, so a fuzz case can put anything anywhere: the head is written as ISO-8859-1
 * (one char, one byte: NUL, CR, LF and bytes above 0x7f land on the wire as given), the body as given.
 */
final class RawRequest {
    String method;
    String target;
    String version = "HTTP/1.1";
    /** Set to write this exact request line instead of method, target and version. */
    String line;
    final List<String> headers = new ArrayList<>();
    byte[] body = new byte[0];
    /** Whether to add a Content-Length matching the body (off when a case writes its own framing). */
    boolean contentLength;

    RawRequest(String method, String target, int port, String jsonBody) {
        this.method = method;
        this.target = target;
        headers.add("Host: 127.0.0.1:" + port);
        headers.add("Connection: close");
        if (jsonBody != null) {
            headers.add("Content-Type: application/json");
            body = jsonBody.getBytes(StandardCharsets.UTF_8);
            contentLength = true;
        }
    }

    void removeHeader(String name) {
        headers.removeIf(h -> h.regionMatches(true, 0, name + ":", 0, name.length() + 1));
    }

    byte[] bytes() {
        StringBuilder head = new StringBuilder(line != null ? line : method + " " + target + " " + version).append("\r\n");
        for (String h : headers) {
            head.append(h).append("\r\n");
        }
        if (contentLength) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** UTF-8 bytes of a string, as ISO-8859-1 chars: how a head line carries non-ASCII text on the wire. */
    static String utf8InHead(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }
}
