package dev.aistack.http;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.staticcontent.StaticContentService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RouteTableTest {
    private static final HttpService MODELS = rules -> rules
            .get("/", (req, res) -> res.send())
            .get("/{model}", (req, res) -> res.send());

    @Test
    void knowsEveryRouteItsServicesRegister() {
        RouteTable table = new RouteTable(List.of(new RouteTable.Mount("/v1/models", MODELS),
                new RouteTable.Mount("/", rules -> rules.get("/healthz", (req, res) -> res.send()))));
        assertEquals(Set.of(new Route("GET", "/v1/models"), new Route("GET", "/v1/models/{model}"),
                new Route("GET", "/healthz")), table.routes());
    }

    @Test
    void answersWhichMethodsAPathAllows() {
        RouteTable table = new RouteTable(List.of(new RouteTable.Mount("/v1/models", MODELS)));
        assertEquals(Set.of("GET"), table.methodsFor("/v1/models/llama3.2:1b"));
        assertEquals(Set.of(), table.methodsFor("/v1/models/a/b"));
        assertEquals(Set.of(), table.methodsFor("/v2/models"));
    }

    @Test
    void mountsStaticContentOutsideTheApiRoutes(@TempDir Path site) throws Exception {
        Files.writeString(site.resolve("index.html"), "<h1>docs</h1>");
        RouteTable table = new RouteTable(List.of(new RouteTable.Mount("/", rules -> rules.get("/healthz",
                (req, res) -> res.send())), RouteTable.Mount.staticContent("/docs", StaticContentService.builder(site)
                .welcomeFileName("index.html").build())));
        assertEquals(Set.of(new Route("GET", "/healthz")), table.routes());
        assertEquals(List.of("/docs"), table.staticPaths());

        WebServer server = WebServer.builder().port(0).host("127.0.0.1").routing(table::registerOn).build().start();
        try {
            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/docs/index.html")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertEquals("<h1>docs</h1>", page.body());
        } finally {
            server.stop();
        }
    }

    @Test
    void refusesRegistrationsItCannotSee() {
        HttpService sneaky = rules -> rules.any((req, res) -> res.send());
        assertThrows(UnsupportedOperationException.class,
                () -> new RouteTable(List.of(new RouteTable.Mount("/", sneaky))));
    }
}
