package dev.aistack.site;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.aistack.contract.ContractFiles;
import dev.aistack.support.Http;
import dev.aistack.support.RawClient;
import dev.aistack.support.RunningGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /openapi.json, /openapi.yaml, /errors and /errors.json as clients and generators see them. */
class PublishedContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path BASE = Path.of(System.getProperty("aistack.basedir", "."));
    private static RunningGateway gw;

    @BeforeAll
    static void start() {
        gw = RunningGateway.inFrontOf("http://127.0.0.1:9");
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void theJsonSpecNamesTheUrlItWasRequestedOnAsItsServer() throws IOException {
        Http.Response r = Http.get(gw, "/openapi.json", "/openapi.json");
        JsonNode spec = JSON.readTree(r.body());
        assertEquals(1, spec.path("servers").size());
        assertEquals(gw.url(), spec.path("servers").path(0).path("url").asText());
        assertEquals(ContractFiles.read(ContractFiles.spec()).path("paths"),
                spec.path("paths"), "everything but servers is the spec as built");
    }

    @Test
    void anotherHostHeaderGetsAnotherServerUrl() throws IOException {
        try (RawClient c = RawClient.connect(gw)) {
            RawClient.Response r = c.send("GET /openapi.json HTTP/1.1\r\nHost: gpu-box.internal:8080\r\n\r\n")
                    .readResponse();
            assertEquals(200, r.status());
            assertEquals("http://gpu-box.internal:8080",
                    JSON.readTree(r.body()).path("servers").path(0).path("url").asText());
        }
    }

    @Test
    void theYamlSpecIsTheFileAsBuiltWithOnlyItsServersReplaced() throws IOException {
        Http.Response r = Http.get(gw, "/openapi.yaml", "/openapi.yaml");
        String file = Files.readString(BASE.resolve("openapi/aistack-v1.yaml"));
        String served = r.text();
        assertTrue(served.contains("  - url: \"" + gw.url() + "\"\n"), served.substring(0, 1200));
        String before = file.substring(0, file.indexOf("\nservers:\n"));
        String after = file.substring(file.indexOf("\ntags:\n"));
        assertTrue(served.startsWith(before) && served.endsWith(after), "comments and layout are kept");
        JsonNode tree = new ObjectMapper(new YAMLFactory()).readTree(r.body());
        assertEquals(gw.url(), tree.path("servers").path(0).path("url").asText());
    }

    @Test
    void theSpecCarriesAnEtagAndACachePolicyAndAnswers304ToItsOwnTag() {
        for (String path : new String[]{"/openapi.json", "/openapi.yaml", "/errors.json"}) {
            Http.Response first = Http.get(gw, path, path);
            String etag = first.header("ETag");
            assertNotNull(etag, path);
            assertTrue(etag.startsWith("\"") && etag.endsWith("\""), etag);
            assertEquals("public, no-cache", first.header("Cache-Control"), path);

            Http.Response again = Http.get(gw, path, path, "If-None-Match", etag);
            assertEquals(304, again.status(), path);
            assertEquals(0, again.body().length, path);
            assertEquals(etag, again.header("ETag"));

            Http.Response weak = Http.get(gw, path, path, "If-None-Match", "\"old\", W/" + etag);
            assertEquals(304, weak.status(), "a weak match in a list still matches: " + path);

            Http.Response stale = Http.get(gw, path, path, "If-None-Match", "\"something-older\"");
            assertEquals(200, stale.status(), path);
            assertEquals(first.text(), stale.text());
        }
    }

    @Test
    void jsonAndYamlHaveDifferentTags() {
        assertNotEquals(Http.get(gw, "/openapi.json", "/openapi.json").header("ETag"),
                Http.get(gw, "/openapi.yaml", "/openapi.yaml").header("ETag"));
    }

    @Test
    void errorsJsonIsTheCatalogFileAndErrorsWithJsonAcceptIsTheSame() throws IOException {
        byte[] file = Files.readAllBytes(BASE.resolve("errors/catalog.json"));
        assertEquals(JSON.readTree(file), JSON.readTree(Http.get(gw, "/errors.json", "/errors.json").body()));
        assertEquals(JSON.readTree(file), JSON.readTree(Http.get(gw, "/errors", "/errors", "Accept",
                "application/json").body()));
    }

    @Test
    void theErrorsPageHasOneAnchoredSectionPerCatalogCodeAndAStrictPolicy() throws IOException {
        Http.Response page = Http.get(gw, "/errors", "/errors", "Accept", "text/html");
        assertTrue(page.header("Content-Type").startsWith("text/html"));
        assertEquals(PageHeaders.CSP, page.header("Content-Security-Policy"));
        JsonNode catalog = JSON.readTree(Files.readAllBytes(BASE.resolve("errors/catalog.json")));
        for (JsonNode e : catalog.path("errors")) {
            String code = e.path("code").asText();
            assertTrue(page.text().contains("<section class=\"error-code\" id=\"" + code + "\">"), code);
            assertTrue(page.text().contains(e.path("type").asText()), code + "'s OpenAI type");
        }
    }

    @Test
    void aGatewayErrorLinksToItsCodesSectionOnTheErrorsPage() throws IOException {
        Http.Response r = Http.sendOutsideTheSpec(gw, "GET", "/no-such-page");
        Http.assertCatalogError(r, "not_found");
        JsonNode error = JSON.readTree(r.body()).path("error");
        String code = error.path("code").asText();
        assertEquals("/errors#" + code, error.path("doc_url").asText());
        String page = Http.get(gw, "/errors", "/errors", "Accept", "text/html").text();
        assertTrue(page.contains("id=\"" + code + "\""), "the anchor exists: " + code);
    }
}
