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
        declaredType(req).map(HttpMediaType::mediaType).ifPresent(type -> {
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

    private static java.util.Optional<HttpMediaType> declaredType(ServerRequest req) {
        try {
            return req.headers().contentType();
        } catch (io.helidon.http.BadRequestException | IllegalArgumentException unreadable) { // "Content-Type: ;;;"
            throw new GatewayException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "The Content-Type header cannot be read as a "
                    + "media type; send the body as JSON with Content-Type: application/json.");
        }
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
                byte[] body = in.readNBytes((int) declared);
                if (body.length < declared) {
                    throw cutShort(declared);
                }
                return body;
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
        } catch (IOException | UncheckedIOException | io.helidon.common.buffers.DataReader.InsufficientDataAvailableException e) {
            if (causedBy(e, java.net.SocketTimeoutException.class)) {
                throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e; // body timeout
            }
            throw cutShort(declared); // the client ended its side before the body it announced
        } catch (NumberFormatException | io.helidon.http.RequestException e) {
            // Helidon's chunk parser: a chunk size that is not hex (it throws NumberFormatException, not a 400)
            throw new GatewayException(ErrorCode.INVALID_HTTP, "The chunked request body is malformed: "
                    + e.getMessage() + ".");
        }
    }

    private static GatewayException cutShort(long declared) {
        return new GatewayException(ErrorCode.INVALID_HTTP, "The request body ended before its end"
                + (declared >= 0 ? " (Content-Length " + declared + ")" : "") + ".");
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
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
