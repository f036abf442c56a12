package dev.aistack.upstream;

import io.helidon.webclient.api.HttpClientResponse;

import java.io.IOException;
import java.io.InputStream;
import java.util.OptionalLong;

/**
 * Reads a backend's whole (non-streamed) body. InputStream.readAllBytes reads in 16 KB steps, and Helidon's entity
 * stream allocates a buffer the size of each read: a 300-byte answer left ~48 KB of garbage, most of what a request
 * allocated. A body with a Content-Length is read into an array of that size instead.
 */
final class WholeBody {
    /**
     * Larger announced lengths are read in steps as before: an array is only sized up front for what a backend can
     * be trusted to send at once, so a hostile Content-Length cannot make the gateway allocate it.
     */
    static final int PRESIZED_MAX = 1 << 20;

    private WholeBody() {
    }

    static byte[] read(HttpClientResponse upstream) throws IOException {
        InputStream in = upstream.inputStream();
        OptionalLong announced = upstream.headers().contentLength();
        if (announced.isEmpty() || announced.getAsLong() > PRESIZED_MAX) {
            return in.readAllBytes();
        }
        byte[] body = new byte[(int) announced.getAsLong()];
        int read = in.readNBytes(body, 0, body.length); // Helidon fails a body cut short of its length
        if (read < body.length || in.read() != -1) { // reading the end returns the connection to the pool
            throw new IOException("the body did not match its Content-Length of " + body.length + " bytes");
        }
        return body;
    }
}
