package dev.aistack.contract;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every example of a spec checked against the schema it illustrates: media type, parameter and header examples
 * ({@code example}, or {@code examples} with Example Objects) against their {@code schema}, and schema examples
 * ({@code examples: [...]}) against the schema they sit in. Client docs and generated SDK samples show these, so
 * an example that the schema refuses is a documentation bug.
 */
final class SpecExamples {
    // Keys whose values are data or maps of names, never OpenAPI objects carrying examples themselves.
    private static final Set<String> DATA = Set.of("example", "examples", "default", "enum", "const");
    private static final Set<String> NAME_MAPS = Set.of("properties", "patternProperties", "$defs", "paths",
            "schemas", "responses", "parameters", "headers", "content", "requestBodies", "securitySchemes", "links",
            "callbacks");

    /** What was checked and what failed. */
    record Report(int checked, List<String> problems) {
    }

    private final JsonNode spec;
    private final SpecValidator validator;
    private final SpecDocument document;
    private final List<String> problems = new ArrayList<>();
    private int checked;

    private SpecExamples(JsonNode spec) {
        this.spec = spec;
        this.validator = SpecValidator.of(spec);
        this.document = new SpecDocument(spec);
    }

    static Report check(JsonNode spec) {
        SpecExamples run = new SpecExamples(spec);
        run.visit(spec, "", false);
        return new Report(run.checked, List.copyOf(run.problems));
    }

    /** @param nameMap whether the node maps names to objects (properties, paths, ...) rather than being one */
    private void visit(JsonNode node, String pointer, boolean nameMap) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                visit(node.get(i), pointer + "/" + i, false);
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        if (!nameMap) {
            if (node.has("schema")) {
                checkAgainst(node, pointer + "/schema", pointer);
            } else {
                checkSchemaExamples(node, pointer);
            }
        }
        for (Map.Entry<String, JsonNode> child : node.properties()) {
            String key = child.getKey();
            if (nameMap || !DATA.contains(key)) {
                visit(child.getValue(), pointer + "/" + SpecDocument.escape(key), !nameMap && NAME_MAPS.contains(key));
            }
        }
    }

    /** Media type, parameter or header object: {@code example}, or {@code examples} by name. */
    private void checkAgainst(JsonNode owner, String schemaPointer, String pointer) {
        if (owner.has("example")) {
            check(schemaPointer, owner.get("example"), pointer + "/example");
        }
        for (Map.Entry<String, JsonNode> named : owner.path("examples").properties()) {
            String at = document.follow(pointer + "/examples/" + SpecDocument.escape(named.getKey()));
            JsonNode example = spec.at(at);
            if (example.has("value")) {
                check(schemaPointer, example.get("value"), at + "/value");
            }
        }
    }

    /** Schema object: the 3.1 {@code examples} array (and the older {@code example}). */
    private void checkSchemaExamples(JsonNode schema, String pointer) {
        if (schema.path("examples").isArray()) {
            for (int i = 0; i < schema.get("examples").size(); i++) {
                check(pointer, schema.get("examples").get(i), pointer + "/examples/" + i);
            }
        }
        if (schema.has("example")) {
            check(pointer, schema.get("example"), pointer + "/example");
        }
    }

    private void check(String schemaPointer, JsonNode example, String examplePointer) {
        checked++;
        List<String> errors = validator.schemaProblems(schemaPointer, example.toString());
        if (!errors.isEmpty()) {
            problems.add("#" + examplePointer + " does not match #" + schemaPointer + ": " + errors);
        }
    }
}
