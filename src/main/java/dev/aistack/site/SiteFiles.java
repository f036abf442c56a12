package dev.aistack.site;

import io.helidon.common.LazyValue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Every file of the published pages: the rendered docs and the hand-written pages (site/files.txt lists them) and
 * the two vendor UIs from their webjars. Each is read from the jar into memory on its first request and served from
 * memory after that (Helidon's jar static content truncated bodies under concurrent first requests). Not at start:
 * the two UI bundles alone are 2.6 MB that a gateway nobody browses would hold for good.
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

    private final Map<String, LazyValue<File>> byPath = new LinkedHashMap<>();

    SiteFiles() {
        for (String name : new String(Contract.resource("site/files.txt"), StandardCharsets.UTF_8).split("\n")) {
            if (!name.isBlank()) {
                put(urlOf(name), () -> Contract.resource("site/" + name), name);
            }
        }
        String swagger = "META-INF/resources/webjars/swagger-ui/" + webjarVersion("org.webjars", "swagger-ui") + "/";
        for (String name : new String[]{"swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png"}) {
            put("/assets/vendor/swagger-ui/" + name, () -> Contract.resource(swagger + name), name);
        }
        String redoc = "META-INF/resources/webjars/redoc/" + webjarVersion("org.webjars.npm", "redoc") + "/";
        put("/assets/vendor/redoc/redoc.standalone.js", () -> redocBundle(redoc), "redoc.js");
    }

    Optional<File> find(String path) {
        LazyValue<File> file = byPath.get(path);
        return file == null ? Optional.empty() : Optional.of(file.get());
    }

    /** Every URL path served; reads no file. */
    Set<String> paths() {
        return byPath.keySet();
    }

    private static byte[] redocBundle(String webjarDir) {
        String bundle = new String(Contract.resource(webjarDir + "bundles/redoc.standalone.js"), StandardCharsets.UTF_8);
        if (!bundle.contains(REDOC_CDN_LOGO)) {
            throw new IllegalStateException("ReDoc's bundle no longer names " + REDOC_CDN_LOGO + ": check its logo");
        }
        return bundle.replace(REDOC_CDN_LOGO, REDOC_LOCAL_LOGO).getBytes(StandardCharsets.UTF_8);
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

    private void put(String path, Supplier<byte[]> read, String name) {
        String type = contentType(name);
        byPath.put(path, LazyValue.create(() -> {
            byte[] body = read.get();
            boolean nonced = type.startsWith("text/html") && new String(body, StandardCharsets.UTF_8).contains(NONCE);
            return new File(body, type, Revalidation.etag(body), nonced);
        }));
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
