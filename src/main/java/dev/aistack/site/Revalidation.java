package dev.aistack.site;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Conditional GETs for documents that change only with a new build: a strong ETag from the body's digest,
 * {@code Cache-Control: no-cache} (keep it, but ask each time: a redeploy shows at once), and 304 when the client's
 * {@code If-None-Match} names the current tag.
 */
final class Revalidation {
    static final String CACHE_CONTROL = "public, no-cache";

    private Revalidation() {
    }

    static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 27) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sets the validators; answers 304 and returns true when the client already has this body. */
    static boolean notModified(ServerRequest req, ServerResponse res, String etag) {
        res.header(HeaderNames.ETAG, etag);
        res.header(HeaderNames.CACHE_CONTROL, CACHE_CONTROL);
        boolean matches = req.headers().first(HeaderNames.IF_NONE_MATCH).map(v -> matches(v, etag)).orElse(false);
        if (matches) {
            res.status(Status.NOT_MODIFIED_304);
            res.send();
        }
        return matches;
    }

    /** RFC 9110 13.1.2: a list of tags or {@code *}, compared weakly (a W/ prefix still matches). */
    static boolean matches(String ifNoneMatch, String etag) {
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || (tag.startsWith("W/") ? tag.substring(2) : tag).equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
