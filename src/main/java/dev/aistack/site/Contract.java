package dev.aistack.site;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aistack.generated.api.ContractService;
import io.helidon.common.uri.UriInfo;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.http.HttpMediaTypes;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The published contract, served from the very files the build generated code from (copied into the jar):
 * /openapi.yaml and /openapi.json (servers set to the URL asked), /errors (HTML for people, JSON for machines) and
 * /errors.json. All revalidate with an ETag.
 */
public final class Contract implements ContractService {
    private static final HttpMediaType YAML = HttpMediaType.create("application/yaml; charset=utf-8");
    private static final HttpMediaType HTML = HttpMediaType.create("text/html; charset=utf-8");

    private final SpecDocument spec = new SpecDocument(resource("contract/aistack-v1.yaml"));
    private final byte[] catalogJson = resource("contract/catalog.json");
    private final String catalogJsonTag = Revalidation.etag(catalogJson);
    private final byte[] catalogHtml;
    private final String catalogHtmlTag;

    public Contract() {
        try {
            catalogHtml = ErrorCatalogPage.render(new ObjectMapper().readTree(catalogJson));
        } catch (IOException e) {
            throw new UncheckedIOException("the error catalog in the jar is unreadable", e);
        }
        catalogHtmlTag = Revalidation.etag(catalogHtml);
    }

    @Override
    public void openapiJson(ServerRequest req, ServerResponse res) {
        byte[] body = spec.forServer(serverUrl(req)).json();
        send(req, res, HttpMediaTypes.JSON_UTF_8, body, Revalidation.etag(body));
    }

    @Override
    public void openapiYaml(ServerRequest req, ServerResponse res) {
        byte[] body = spec.forServer(serverUrl(req)).yaml();
        send(req, res, YAML, body, Revalidation.etag(body));
    }

    @Override
    public void errorCatalog(ServerRequest req, ServerResponse res) {
        boolean browser = req.headers().first(HeaderNames.ACCEPT)
                .map(accept -> accept.contains("text/html")).orElse(false);
        res.header(HeaderNames.VARY, "Accept");
        if (browser) {
            PageHeaders.apply(res);
            send(req, res, HTML, catalogHtml, catalogHtmlTag);
        } else {
            send(req, res, HttpMediaTypes.JSON_UTF_8, catalogJson, catalogJsonTag);
        }
    }

    @Override
    public void errorCatalogJson(ServerRequest req, ServerResponse res) {
        send(req, res, HttpMediaTypes.JSON_UTF_8, catalogJson, catalogJsonTag);
    }

    private static void send(ServerRequest req, ServerResponse res, HttpMediaType type, byte[] body, String etag) {
        if (Revalidation.notModified(req, res, etag)) {
            return;
        }
        res.headers().contentType(type);
        res.send(body);
    }

    /** The URL the client used (scheme, Host), so that "Try it out" and generated clients call this gateway. */
    static String serverUrl(ServerRequest req) {
        UriInfo uri = req.requestedUri();
        String host = uri.host();
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]"; // an IPv6 literal
        }
        boolean defaultPort = (uri.scheme().equals("http") && uri.port() == 80)
                || (uri.scheme().equals("https") && uri.port() == 443);
        return uri.scheme() + "://" + host + (defaultPort ? "" : ":" + uri.port());
    }

    static byte[] resource(String name) {
        try (InputStream in = Contract.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the class path; build with mvn package");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
