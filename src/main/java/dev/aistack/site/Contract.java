package dev.aistack.site;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.aistack.generated.api.ContractService;
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
 * /openapi.yaml, /openapi.json and /errors (JSON for machines, HTML for people).
 */
public final class Contract implements ContractService {
    private static final HttpMediaType YAML = HttpMediaType.create("application/yaml; charset=utf-8");
    private static final HttpMediaType HTML = HttpMediaType.create("text/html; charset=utf-8");

    private final byte[] specYaml = resource("contract/aistack-v1.yaml");
    private final byte[] specJson;
    private final byte[] catalogJson = resource("contract/catalog.json");
    private final byte[] catalogHtml;

    public Contract() {
        try {
            JsonNode spec = new ObjectMapper(new YAMLFactory()).readTree(specYaml);
            specJson = new ObjectMapper().writeValueAsBytes(spec);
            catalogHtml = ErrorCatalogPage.render(new ObjectMapper().readTree(catalogJson));
        } catch (IOException e) {
            throw new UncheckedIOException("the contract files in the jar are unreadable", e);
        }
    }

    @Override
    public void openapiJson(ServerRequest req, ServerResponse res) {
        send(res, HttpMediaTypes.JSON_UTF_8, specJson);
    }

    @Override
    public void openapiYaml(ServerRequest req, ServerResponse res) {
        send(res, YAML, specYaml);
    }

    @Override
    public void errorCatalog(ServerRequest req, ServerResponse res) {
        boolean browser = req.headers().first(HeaderNames.ACCEPT)
                .map(accept -> accept.contains("text/html")).orElse(false);
        if (browser) {
            send(res, HTML, catalogHtml);
        } else {
            send(res, HttpMediaTypes.JSON_UTF_8, catalogJson);
        }
    }

    private static void send(ServerResponse res, HttpMediaType type, byte[] body) {
        res.headers().contentType(type);
        res.send(body);
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
