package dev.aistack.site;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;

/**
 * Headers on every page the gateway publishes. The policy allows this origin only: no CDN, no inline script or
 * style, so the pages work on an air-gapped box and an injected script cannot run. Images may be data: URIs (the
 * playground's uploads, Swagger UI's icons); workers may come from blob: (ReDoc builds its search worker so).
 */
final class PageHeaders {
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
            + "font-src 'self'; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; "
            + "form-action 'self'; frame-ancestors 'none'";

    private PageHeaders() {
    }

    static void apply(ServerResponse res) {
        res.header(HeaderNames.create("Content-Security-Policy"), CSP);
        res.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
        // Same-origin calls keep their Referer (a key's allowed_domains may check it); nothing leaves the site.
        res.header(HeaderNames.create("Referrer-Policy"), "same-origin");
    }
}
