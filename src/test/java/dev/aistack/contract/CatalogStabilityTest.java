package dev.aistack.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** errors/catalog.json is well formed, matches the spec's ErrorCatalog schema and only grows from its baseline. */
class CatalogStabilityTest {
    private static final JsonNode CATALOG = ContractFiles.read(ContractFiles.catalog());

    @Test
    void catalogIsWellFormed() {
        assertEquals(List.of(), CatalogCompatibility.problems(CATALOG));
    }

    @Test
    void catalogOnlyGrowsFromTheReleasedBaseline() {
        JsonNode baseline = ContractFiles.read(ContractFiles.baselineCatalog());
        assertEquals(List.of(), CatalogCompatibility.breakingChanges(baseline, CATALOG),
                "errors/catalog.json breaks clients of errors/baseline/catalog.json");
    }

    @Test
    void catalogIsWhatTheSpecSaysGetErrorsReturns() throws IOException {
        SpecValidator.load().validate("GET", "/errors", 200, "application/json",
                Files.readAllBytes(ContractFiles.catalog()));
    }

    // The gate proves itself on changed copies of the current catalog.

    @Test
    void removingACodeIsBreaking() {
        assertBreaking(c -> ((ArrayNode) c.get("errors")).remove(0), "removed");
    }

    @Test
    void changingAStatusIsBreaking() {
        assertBreaking(c -> entry(c, 0).put("status", 418), "status changed");
    }

    @Test
    void changingAKindIsBreaking() {
        assertBreaking(c -> entry(c, 0).put("kind", "internal"), "kind changed");
    }

    @Test
    void changingATypeIsBreaking() {
        assertBreaking(c -> entry(c, 0).put("type", "server_error"), "type changed");
    }

    @Test
    void appendingACodeAndRewordingOneAreAccepted() {
        ObjectNode changed = CATALOG.deepCopy();
        ObjectNode appended = entry(changed, 0).deepCopy().put("code", "brand_new_code").put("since", "1.1.0");
        ((ArrayNode) changed.get("errors")).add(appended);
        entry(changed, 0).put("remediation", "A clearer sentence.");
        assertEquals(List.of(), CatalogCompatibility.breakingChanges(CATALOG, changed));
        assertEquals(List.of(), CatalogCompatibility.problems(changed));
    }

    @Test
    void malformedEntriesAreReported() {
        ObjectNode changed = CATALOG.deepCopy();
        ArrayNode errors = (ArrayNode) changed.get("errors");
        errors.add(entry(changed, 0).deepCopy()); // duplicate code
        errors.add(entry(changed, 0).deepCopy().put("code", "Bad-Code"));
        errors.add(entry(changed, 0).deepCopy().put("code", "no_title").put("title", ""));
        errors.add(entry(changed, 0).deepCopy().put("code", "bad_since").put("since", "v1"));
        String problems = String.join("\n", CatalogCompatibility.problems(changed));
        for (String expected : List.of("appears twice", "Bad-Code: code is not snake_case", "no_title: lacks title",
                "bad_since: since is not a semantic version")) {
            assertTrue(problems.contains(expected), "expected \"" + expected + "\" in:\n" + problems);
        }
    }

    private static void assertBreaking(Consumer<ObjectNode> change, String expected) {
        ObjectNode changed = CATALOG.deepCopy();
        change.accept(changed);
        String code = CATALOG.at("/errors/0/code").asText();
        List<String> breaking = CatalogCompatibility.breakingChanges(CATALOG, changed);
        assertEquals(1, breaking.size(), breaking.toString());
        assertTrue(breaking.get(0).startsWith(code + ": " + expected), breaking.get(0));
    }

    private static ObjectNode entry(JsonNode catalog, int index) {
        return (ObjectNode) catalog.get("errors").get(index);
    }
}
