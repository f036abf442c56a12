package dev.aistack.contract;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finding things in an OpenAPI document: operations, responses by status, media types by Content-Type. Places are
 * JSON pointers into the document ({@code /paths/~1v1~1models/get}), so that a schema can be handed to the
 * validator by its location and its {@code #/components/...} refs still resolve.
 */
final class SpecDocument {
    private static final int MAX_REFS = 20;
    private static final Set<String> ANNOTATIONS = Set.of("$ref", "description", "summary");

    /** A media type object of the document, and the base content type it was chosen for. */
    record Media(String pointer, String type) {
    }

    private final JsonNode root;

    SpecDocument(JsonNode root) {
        this.root = root;
    }

    JsonNode node(String pointer) {
        return root.at(pointer);
    }

    /** The operation's pointer; the path may be a template of the spec or a concrete path that matches one. */
    String operation(String method, String path) {
        JsonNode paths = root.path("paths");
        String key = paths.has(path) ? path : null;
        if (key == null) {
            for (String template : (Iterable<String>) paths::fieldNames) {
                if (templatePattern(template).matcher(path).matches()) {
                    key = template;
                    break;
                }
            }
        }
        String m = method.toLowerCase(Locale.ROOT);
        if (key == null || !paths.path(key).has(m)) {
            throw new AssertionError(method.toUpperCase(Locale.ROOT) + " " + path + " is not an operation of the spec");
        }
        return "/paths/" + escape(key) + "/" + m;
    }

    /** The response for a status: the exact code, else its range ({@code 5XX}), else {@code default}. */
    String response(String operation, int status, String where) {
        JsonNode responses = node(operation + "/responses");
        for (String key : List.of(Integer.toString(status), status / 100 + "XX", status / 100 + "xx", "default")) {
            if (responses.has(key)) {
                return follow(operation + "/responses/" + escape(key));
            }
        }
        throw new AssertionError(where + ": status " + status + " is not documented (documented: "
                + names(responses) + ")");
    }

    /** The media type of a response or request body matching a Content-Type; parameters are ignored on both sides. */
    Media mediaType(String owner, String contentType, String where) {
        JsonNode content = node(owner + "/content");
        String wanted = baseType(contentType);
        if (wanted.isEmpty()) {
            throw new AssertionError(where + ": no Content-Type, the spec documents " + names(content));
        }
        String wildcard = wanted.substring(0, wanted.indexOf('/') + 1) + "*";
        for (String candidate : List.of(wanted, wildcard, "*/*")) {
            for (String key : (Iterable<String>) content::fieldNames) {
                if (baseType(key).equals(candidate)) {
                    return new Media(owner + "/content/" + escape(key), wanted);
                }
            }
        }
        throw new AssertionError(where + ": Content-Type " + contentType + " is not documented (documented: "
                + names(content) + ")");
    }

    /** Follows local {@code $ref}s (Response, Header, Schema objects) to the pointer of what they name. */
    String follow(String pointer) {
        String p = pointer;
        for (int i = 0; i < MAX_REFS; i++) {
            JsonNode n = node(p);
            JsonNode ref = n.get("$ref");
            if (ref == null || !ref.asText().startsWith("#") || !onlyAnnotationsBeside(n)) {
                return p;
            }
            p = ref.asText().substring(1);
        }
        throw new AssertionError("$ref cycle at " + pointer);
    }

    /** "text/plain; version=0.0.4; charset=utf-8" is "text/plain". */
    static String baseType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /** One JSON pointer segment (RFC 6901). */
    static String escape(String segment) {
        return segment.replace("~", "~0").replace("/", "~1");
    }

    // A $ref with only annotations beside it (description, summary) is the referenced thing; with constraints
    // beside it (3.1 allows that for schemas) it is not, and the schema validator resolves the $ref itself.
    private static boolean onlyAnnotationsBeside(JsonNode n) {
        for (String key : (Iterable<String>) n::fieldNames) {
            if (!ANNOTATIONS.contains(key)) {
                return false;
            }
        }
        return true;
    }

    private static Pattern templatePattern(String template) {
        StringBuilder regex = new StringBuilder();
        for (String part : template.split("\\{[^/}]+}", -1)) {
            if (!regex.isEmpty()) {
                regex.append("[^/]+");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }

    private static List<String> names(JsonNode map) {
        List<String> names = new ArrayList<>();
        map.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
