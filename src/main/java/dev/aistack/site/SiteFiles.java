package dev.aistack.site;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Every file of the published pages, read from the jar into memory once at start: the rendered docs and the
 * hand-written pages (site/files.txt lists them) and the two vendor UIs from their webjars. Served from memory,
 * never extracted lazily (Helidon's jar static content truncated bodies under concurrent first requests).
 */
final class SiteFiles {
    /** @param nonced whether the page names {@link #NONCE} and must be sent with a fresh one each time */
    record File(byte[] body, String contentType, String etag, boolean nonced) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    static final String NONCE = "{{csp-nonce}}";

    // The Redocly logo ReDoc's bundle loads from its CDN at run time: the jar's copy instead (offline, CSP self).
    static final String REDOC_CDN_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg";
    static final String REDOC_LOCAL_LOGO = "/assets/vendor/redoc/logo-mini.svg";

    private final Map<String, File> byPath = new LinkedHashMap<>();

    SiteFiles() {
        for (String name : new String(Contract.resource("site/files.txt"), StandardCharsets.UTF_8).split("\n")) {
            if (!name.isBlank()) {
                put(urlOf(name), Contract.resource("site/" + name), name);
            }
        }
        String swagger = "META-INF/resources/webjars/swagger-ui/" + webjarVersion("org.webjars", "swagger-ui") + "/";
        for (String name : new String[]{"swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png"}) {
            put("/assets/vendor/swagger-ui/" + name, Contract.resource(swagger + name), name);
        }
        String redoc = "META-INF/resources/webjars/redoc/" + webjarVersion("org.webjars.npm", "redoc") + "/";
        String bundle = new String(Contract.resource(redoc + "bundles/redoc.standalone.js"), StandardCharsets.UTF_8);
        if (!bundle.contains(REDOC_CDN_LOGO)) {
            throw new IllegalStateException("ReDoc's bundle no longer names " + REDOC_CDN_LOGO + ": check its logo");
        }
        put("/assets/vendor/redoc/redoc.standalone.js",
                bundle.replace(REDOC_CDN_LOGO, REDOC_LOCAL_LOGO).getBytes(StandardCharsets.UTF_8), "redoc.js");
    }

    Optional<File> find(String path) {
        return Optional.ofNullable(byPath.get(path));
    }

    Map<String, File> all() {
        return byPath;
    }

    /** docs/keys.html is /docs/keys, docs/index.html /docs/, openapi.html /openapi; assets keep their names. */
    static String urlOf(String name) {
        if (name.equals("docs/index.html")) {
            return "/docs/";
        }
        if (name.endsWith(".html")) {
            return "/" + name.substring(0, name.length() - ".html".length());
        }
        return "/" + name;
    }

    private void put(String path, byte[] body, String name) {
        String type = contentType(name);
        boolean nonced = type.startsWith("text/html") && new String(body, StandardCharsets.UTF_8).contains(NONCE);
        byPath.put(path, new File(body, type, Revalidation.etag(body), nonced));
    }

    static String contentType(String name) {
        String ext = name.substring(name.lastIndexOf('.') + 1);
        return switch (ext) {
            case "html" -> "text/html; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "js" -> "text/javascript; charset=utf-8";
            case "json" -> "application/json";
            case "svg" -> "image/svg+xml";
            case "png" -> "image/png";
            case "txt" -> "text/plain; charset=utf-8";
            default -> "application/octet-stream";
        };
    }

    /** The version of a webjar on the class path, from its Maven metadata: the pom is the one place it is set. */
    private static String webjarVersion(String group, String artifact) {
        String name = "META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = SiteFiles.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing: the " + artifact + " webjar is not on the class path");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
