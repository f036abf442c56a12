package dev.aistack.site;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;

/**
 * Headers on every page the gateway publishes. The policy allows this origin only: no CDN, no inline script or
 * style, so the pages work on an air-gapped box and an injected script cannot run. Images may be data: URIs (the
 * playground's uploads, Swagger UI's icons); workers may come from blob: (ReDoc builds its search worker so).
 */
final class PageHeaders {
    static final String CSP = policy("'self'");

    static String policy(String styleSources) {
        return "default-src 'self'; script-src 'self'; style-src " + styleSources + "; img-src 'self' data: blob:; "
                + "font-src 'self'; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; "
                + "form-action 'self'; frame-ancestors 'none'";
    }

    private PageHeaders() {
    }

    static void apply(ServerResponse res) {
        apply(res, CSP);
    }

    /**
     * With a one-time nonce that the page's own style elements may carry: ReDoc's styled-components writes its CSS
     * into style elements at run time (given the nonce through ReDoc's {@code nonce} option). Scripts stay self only.
     */
    static void applyWithStyleNonce(ServerResponse res, String nonce) {
        apply(res, policy("'self' 'nonce-" + nonce + "' " + REDOC_LOAD_TIME_STYLES));
    }

    // Two style elements ReDoc 2.1.4's bundle adds while it loads, before its nonce option is read: an empty one and
    // one fixed rule set. Allowed by their SHA-256 only (a new bundle with other styles shows as a console error in
    // the browser test).
    private static final String REDOC_LOAD_TIME_STYLES = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=' "
            + "'sha256-DLDPR1ic47WIdK2WyeLkblb/tm2mQH+Jt/NNhZWu1k0='";

    private static void apply(ServerResponse res, String csp) {
        res.header(HeaderNames.create("Content-Security-Policy"), csp);
        res.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
        // Same-origin calls keep their Referer (a key's allowed_domains may check it); nothing leaves the site.
        res.header(HeaderNames.create("Referrer-Policy"), "same-origin");
    }
}
