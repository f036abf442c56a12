package dev.aistack.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The spec rewritten in OpenAPI 3.0 terms, for diffing only. openapi-diff 2.1.7 reads 3.1 but then misses breaking
 * changes (measured: a changed property type, anything inside array items, a parameter made required all came out
 * "no differences"), because 3.1 schemas reach it as untyped JsonSchema objects. Its 3.0 path catches them all.
 * The rewrite keeps meaning: {@code type: [X, "null"]} and a {@code "null"} member of oneOf/anyOf become
 * {@code nullable}, {@code if: array / then / else} becomes a oneOf, and 3.1-only annotations are dropped.
 */
final class Oas30View {
    private Oas30View() {
    }

    static JsonNode of(JsonNode spec31) {
        ObjectNode spec = spec31.deepCopy();
        spec.put("openapi", "3.0.3");
        ((ObjectNode) spec.path("info")).remove("summary");
        if (spec.at("/info/license").isObject()) {
            ((ObjectNode) spec.at("/info/license")).remove("identifier");
        }
        rewrite(spec);
        return spec;
    }

    private static void rewrite(JsonNode node) {
        if (node.isArray()) {
            node.forEach(Oas30View::rewrite);
            return;
        }
        if (!node.isObject()) {
            return;
        }
        ObjectNode o = (ObjectNode) node;
        conditionalToOneOf(o);
        for (Map.Entry<String, JsonNode> child : o.properties()) {
            rewrite(child.getValue());
        }
        typeListToNullable(o);
        nullMemberToNullable(o, "oneOf");
        nullMemberToNullable(o, "anyOf");
        if (o.path("examples").isArray()) {
            o.remove("examples"); // a 3.1 schema keyword; 3.0 has "example"
        }
    }

    private static void typeListToNullable(ObjectNode o) {
        if (!o.path("type").isArray()) {
            return;
        }
        List<String> types = new ArrayList<>();
        o.get("type").forEach(t -> types.add(t.asText()));
        if (types.remove("null")) {
            o.put("nullable", true);
        }
        if (types.size() == 1) {
            o.put("type", types.get(0));
        } else {
            o.remove("type"); // several types: 3.0 can only say "any"
        }
    }

    private static void nullMemberToNullable(ObjectNode o, String keyword) {
        if (!o.path(keyword).isArray()) {
            return;
        }
        ArrayNode kept = o.arrayNode();
        for (JsonNode member : o.get(keyword)) {
            if (member.size() == 1 && member.path("type").asText().equals("null")) {
                o.put("nullable", true);
            } else {
                kept.add(member);
            }
        }
        o.remove(keyword);
        // 3.0 ignores siblings of $ref (nullable among them), so a lone $ref member stays wrapped, in allOf.
        o.set(kept.size() == 1 && kept.get(0).has("$ref") ? "allOf" : keyword, kept);
    }

    /** {@code if: {type: array}, then: T, else: E} (what the spec uses instead of oneOf with an array) as oneOf. */
    private static void conditionalToOneOf(ObjectNode o) {
        if (!o.has("if")) {
            return;
        }
        ObjectNode whenTrue = ((ObjectNode) o.remove("if")).deepCopy();
        JsonNode then = o.remove("then");
        JsonNode otherwise = o.remove("else");
        if (then != null && then.isObject()) {
            whenTrue.setAll((ObjectNode) then);
        }
        ArrayNode oneOf = o.putArray("oneOf").add(whenTrue);
        if (otherwise != null) {
            oneOf.add(otherwise);
        }
    }
}
