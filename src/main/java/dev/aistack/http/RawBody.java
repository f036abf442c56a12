package dev.aistack.http;

import dev.aistack.errors.ErrorCode;
import dev.aistack.errors.GatewayException;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.webserver.http.ServerRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Locale;

/** A request body read as bytes, never more than the configured limit (413 beyond it). */
public final class RawBody {
    private RawBody() {
    }

    /** A body that must be JSON: a declared non-JSON Content-Type is refused (415); none is accepted, as Ollama does. */
    public static byte[] readJson(ServerRequest req, long maxBytes) {
        req.headers().contentType().map(HttpMediaType::mediaType).ifPresent(type -> {
            String subtype = type.subtype().toLowerCase(Locale.ROOT);
            boolean json = type.type().equalsIgnoreCase("application")
                    && (subtype.equals("json") || subtype.endsWith("+json"));
            if (!json) {
                throw new GatewayException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type " + type.text()
                        + " is not supported; send the body as JSON with Content-Type: application/json.");
            }
        });
        return read(req, maxBytes);
    }

    public static byte[] read(ServerRequest req, long maxBytes) {
        long declared = req.headers().first(HeaderNames.CONTENT_LENGTH).map(RawBody::parseLength).orElse(-1L);
        if (declared > maxBytes) {
            throw tooLarge(maxBytes);
        }
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        try (InputStream in = req.content().inputStream()) {
            if (declared >= 0) { // the usual case: one buffer of the exact size
                return in.readNBytes((int) declared);
            }
            // Chunked: grow from a small buffer, never past the limit.
            byte[] buf = new byte[(int) Math.min(maxBytes + 1, 8 * 1024)];
            int n = 0;
            while (true) {
                if (n == buf.length) {
                    if (buf.length > maxBytes) {
                        throw tooLarge(maxBytes);
                    }
                    buf = Arrays.copyOf(buf, (int) Math.min(maxBytes + 1, (long) buf.length * 2));
                }
                int r = in.read(buf, n, buf.length - n);
                if (r < 0) {
                    return Arrays.copyOf(buf, n);
                }
                n += r;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NumberFormatException | io.helidon.http.RequestException e) {
            // Helidon's chunk parser: a chunk size that is not hex (it throws NumberFormatException, not a 400)
            throw new GatewayException(ErrorCode.INVALID_HTTP, "The chunked request body is malformed: "
                    + e.getMessage() + ".");
        }
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static GatewayException tooLarge(long maxBytes) {
        return new GatewayException(ErrorCode.BODY_TOO_LARGE, "The request body is larger than " + maxBytes
                + " bytes (AISTACK_MAX_BODY_BYTES); send a smaller body or raise the limit.");
    }
}
