package dev.aistack.site;

import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The pages for people, mounted as static content (outside the API's route table and spec): /docs/*, /openapi
 * (Swagger UI), /redoc, /playground and their /assets. Files come from memory ({@link SiteFiles}); a path that is
 * no file goes on to the gateway's 404.
 */
public final class Site implements HttpService {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final SiteFiles files = Shared.FILES;

    /** Read once per process, on first use: every gateway in a JVM (the tests start many) shares the bytes. */
    private static final class Shared {
        static final SiteFiles FILES = new SiteFiles();
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(this::serve).head(this::serve);
    }

    private void serve(ServerRequest req, ServerResponse res) {
        String path = req.path().rawPath();
        if (path.equals("/docs")) {
            res.status(Status.MOVED_PERMANENTLY_301).header(HeaderNames.LOCATION, "/docs/").send();
            return;
        }
        SiteFiles.File file = files.find(path).orElse(null);
        if (file == null) {
            res.next();
            return;
        }
        if (file.nonced()) {
            String nonce = nonce();
            PageHeaders.applyWithStyleNonce(res, nonce);
            res.header(HeaderNames.CACHE_CONTROL, "no-store"); // a nonce is good for one response only
            res.headers().contentType(HttpMediaType.create(file.contentType()));
            res.send(file.text().replace(SiteFiles.NONCE, nonce).getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (file.contentType().startsWith("text/html")) {
            PageHeaders.apply(res);
        } else {
            res.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
        }
        if (Revalidation.notModified(req, res, file.etag())) {
            return;
        }
        res.headers().contentType(HttpMediaType.create(file.contentType()));
        if (req.prologue().method() == Method.HEAD) {
            res.header(HeaderNames.CONTENT_LENGTH, Integer.toString(file.body().length));
            res.send();
        } else {
            res.send(file.body());
        }
    }

    private static String nonce() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Every URL path the site serves (for the tests' crawler and the route report). */
    public java.util.Set<String> paths() {
        return files.paths();
    }
}
