package dev.aistack.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Checks what the gateway really sends against {@code openapi/aistack-v1.yaml}: tests call it on every response they
 * get, so a handler cannot drift from the contract that clients generate code from.
 *
 * <pre>SpecValidator.load().validate("GET", "/v1/models", 200, "application/json", body);</pre>
 *
 * JSON bodies are validated with the OpenAPI 3.1 dialect (JSON Schema 2020-12); every {@code data:} event of a
 * {@code text/event-stream} against the media type's schema; other media types must be non-empty.
 * Failures are {@link AssertionError}s that name the operation, the status and what did not match.
 */
public final class SpecValidator {
    // The spec's name inside the schema registry, so that "#/components/..." refs resolve; it is never fetched.
    private static final String SPEC_IRI = "https://aistack.invalid/openapi/aistack-v1.json";
    private static final int BODY_EXCERPT = 1000;
    private static volatile SpecValidator shared;

    private final SpecDocument spec;
    private final SchemaRegistry registry;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private SpecValidator(JsonNode document) {
        this.spec = new SpecDocument(document);
        String json = document.toString();
        this.registry = SchemaRegistry.withDialect(Dialects.getOpenApi31(), b -> b.schemas(Map.of(SPEC_IRI, json)));
    }

    /** The validator of the project's spec, read once per test JVM. */
    public static SpecValidator load() {
        SpecValidator v = shared;
        if (v == null) {
            synchronized (SpecValidator.class) {
                if (shared == null) {
                    shared = new SpecValidator(ContractFiles.read(ContractFiles.spec()));
                }
                v = shared;
            }
        }
        return v;
    }

    /** A validator of another spec document (the gates' own tests feed it broken copies). */
    public static SpecValidator of(JsonNode document) {
        return new SpecValidator(document);
    }

    /**
     * Asserts that a response is documented and matches its schema.
     *
     * @param pathTemplate the spec path ({@code /v1/models}); a concrete path matching one template also works
     * @param contentType  the response's Content-Type header, parameters (charset, version) are ignored
     */
    public void validate(String method, String pathTemplate, int status, String contentType, byte[] body) {
        String op = spec.operation(method, pathTemplate);
        String where = method.toUpperCase(Locale.ROOT) + " " + pathTemplate + " -> " + status;
        String response = spec.response(op, status, where);
        byte[] bytes = body == null ? new byte[0] : body;
        if (!spec.node(response).has("content")) {
            if (bytes.length > 0) {
                throw new AssertionError(where + ": the spec documents no body, but one was sent: " + excerpt(bytes));
            }
            return;
        }
        SpecDocument.Media media = spec.mediaType(response, contentType, where);
        checkBody(where + " " + media.type(), media, bytes);
    }

    /** Asserts that a request body is one the spec accepts (so tests know they send what clients would). */
    public void validateRequest(String method, String pathTemplate, String contentType, byte[] body) {
        String op = spec.operation(method, pathTemplate);
        String where = method.toUpperCase(Locale.ROOT) + " " + pathTemplate + " request";
        String requestBody = spec.follow(op + "/requestBody");
        if (spec.node(requestBody).isMissingNode()) {
            throw new AssertionError(where + ": the spec documents no request body");
        }
        checkBody(where + " " + SpecDocument.baseType(contentType), spec.mediaType(requestBody, contentType, where),
                body == null ? new byte[0] : body);
    }

    /**
     * Asserts that the response headers the spec documents for this status are there when required, and match
     * their schemas when present. Header names are compared case-insensitively.
     */
    public void validateHeaders(String method, String pathTemplate, int status, Map<String, List<String>> headers) {
        String op = spec.operation(method, pathTemplate);
        String where = method.toUpperCase(Locale.ROOT) + " " + pathTemplate + " -> " + status;
        String response = spec.response(op, status, where);
        Map<String, List<String>> byName = headers.entrySet().stream().collect(Collectors.toMap(
                e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue, (a, b) -> a));
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, JsonNode> h : spec.node(response).path("headers").properties()) {
            String header = spec.follow(response + "/headers/" + SpecDocument.escape(h.getKey()));
            List<String> values = byName.getOrDefault(h.getKey().toLowerCase(Locale.ROOT), List.of());
            if (values.isEmpty()) {
                if (spec.node(header).path("required").asBoolean(false)) {
                    problems.add("required header " + h.getKey() + " is missing");
                }
                continue;
            }
            if (spec.node(header).has("schema")) {
                for (String value : values) {
                    List<String> errors = schemaProblems(header + "/schema", headerValueAsJson(header, value));
                    if (!errors.isEmpty()) {
                        problems.add("header " + h.getKey() + ": " + value + " " + errors);
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(where + ": headers do not match the spec: " + problems + "; got " + headers);
        }
    }

    /** The problems of one JSON value against the schema at a JSON pointer of the spec; empty when it is valid. */
    List<String> schemaProblems(String schemaPointer, String json) {
        List<Error> errors = schema(schemaPointer).validate(json, InputFormat.JSON);
        return errors.stream().map(e -> {
            String at = e.getInstanceLocation().toString();
            return (at.isEmpty() ? "(root)" : at) + ": " + e.getMessage();
        }).toList();
    }

    private void checkBody(String where, SpecDocument.Media media, byte[] body) {
        String type = media.type();
        String schema = media.pointer() + "/schema";
        boolean hasSchema = spec.node(media.pointer()).has("schema");
        if (type.equals("text/event-stream")) {
            List<String> events = SseData.events(new String(body, StandardCharsets.UTF_8));
            if (events.isEmpty()) {
                throw new AssertionError(where + ": the stream has no data: event: " + excerpt(body));
            }
            for (int i = 0; i < events.size(); i++) {
                if (!events.get(i).equals("[DONE]") && hasSchema) {
                    checkJson(where + ", event " + i, schema, events.get(i).getBytes(StandardCharsets.UTF_8));
                }
            }
        } else if (type.equals("application/json") || type.endsWith("+json")) {
            checkJson(where, hasSchema ? schema : null, body);
        } else if (body.length == 0) {
            throw new AssertionError(where + ": the body is empty");
        } else if (type.equals("application/yaml")) {
            try {
                ContractFiles.YAML.readTree(body);
            } catch (Exception e) {
                throw new AssertionError(where + ": the body is not YAML: " + e.getMessage());
            }
        }
    }

    private void checkJson(String where, String schemaPointer, byte[] body) {
        String json = new String(body, StandardCharsets.UTF_8);
        try {
            ContractFiles.JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError(where + ": the body is not JSON (" + e.getMessage() + "): " + excerpt(body));
        }
        if (schemaPointer == null) {
            return;
        }
        List<String> problems = schemaProblems(schemaPointer, json);
        if (!problems.isEmpty()) {
            throw new AssertionError(where + ": the body does not match the spec's schema #"
                    + spec.follow(schemaPointer)
                    + ":\n  - " + String.join("\n  - ", problems) + "\nbody: " + excerpt(body));
        }
    }

    /** The schema at a pointer; a bare $ref is followed first so that the registry sees a plain component path. */
    private Schema schema(String pointer) {
        String target = spec.follow(pointer);
        return schemas.computeIfAbsent(target, p -> registry.getSchema(SchemaLocation.of(SPEC_IRI + "#" + p)));
    }

    /** Header values are text; numbers and booleans are given to the schema as such, the rest as JSON strings. */
    private String headerValueAsJson(String header, String value) {
        String type = spec.node(spec.follow(header + "/schema")).path("type").asText("");
        if (type.equals("integer") || type.equals("number") || type.equals("boolean")) {
            try {
                JsonNode parsed = ContractFiles.JSON.readTree(value);
                if (parsed != null && (parsed.isNumber() || parsed.isBoolean())) {
                    return parsed.toString();
                }
            } catch (JsonProcessingException notJson) {
                // falls through: validated as a string, so the type mismatch is reported
            }
        }
        return TextNode.valueOf(value).toString();
    }

    private static String excerpt(byte[] body) {
        String s = new String(body, StandardCharsets.UTF_8);
        return s.length() <= BODY_EXCERPT ? s : s.substring(0, BODY_EXCERPT) + "... (" + body.length + " bytes)";
    }
}
