package dev.aistack.http;

import io.helidon.webserver.http.HttpService;
import org.junit.jupiter.api.Test;

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
    void refusesRegistrationsItCannotSee() {
        HttpService sneaky = rules -> rules.any((req, res) -> res.send());
        assertThrows(UnsupportedOperationException.class,
                () -> new RouteTable(List.of(new RouteTable.Mount("/", sneaky))));
    }
}
