package dev.aistack.contract;

import dev.aistack.Main;
import dev.aistack.http.Route;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every route the server registers is in the spec, and every operation of the spec is routed. */
class RouteCoverageTest {
    private static final Set<Route> OPERATIONS = RouteCoverage.operations(ContractFiles.read(ContractFiles.spec()));

    @Test
    void serverRoutesAndSpecOperationsAreTheSameSet() {
        RouteCoverage.Differences differences = RouteCoverage.compare(Main.knownRoutes(), OPERATIONS);
        assertTrue(differences.none(), differences.toString());
    }

    @Test
    void specListsTheOperationsTheGeneratedInterfacesImplement() {
        // A floor, so that an empty spec or a broken reader cannot make the coverage test pass vacuously.
        Set<Route> floor = Set.of(new Route("POST", "/v1/chat/completions"), new Route("GET", "/v1/models"),
                new Route("GET", "/healthz"), new Route("GET", "/readyz"));
        assertTrue(OPERATIONS.containsAll(floor), OPERATIONS.toString());
    }

    @Test
    void anUndocumentedRouteAndAnUnroutedOperationAreBothReported() {
        Route extra = new Route("GET", "/v1/secret");
        Route dropped = new Route("GET", "/livez");
        Set<Route> registered = new HashSet<>(OPERATIONS);
        registered.add(extra);
        registered.remove(dropped);

        RouteCoverage.Differences differences = RouteCoverage.compare(registered, OPERATIONS);

        assertFalse(differences.none());
        assertEquals(Set.of(extra), differences.undocumented());
        assertEquals(Set.of(dropped), differences.unrouted());
    }

    @Test
    void methodsAndPathTemplatesMustMatchExactly() {
        Set<Route> registered = new HashSet<>(OPERATIONS);
        registered.remove(new Route("GET", "/v1/models"));
        registered.add(new Route("POST", "/v1/models"));

        RouteCoverage.Differences differences = RouteCoverage.compare(registered, OPERATIONS);

        assertEquals(Set.of(new Route("POST", "/v1/models")), differences.undocumented());
        assertEquals(Set.of(new Route("GET", "/v1/models")), differences.unrouted());
    }
}
