package dev.aistack.site;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The spec as built, with {@code servers} naming the URL a request came in on, so that Swagger UI's "Try it out"
 * and client generators reading {@code /openapi.json} talk to this very gateway. The YAML stays the file the build
 * generated code from, comments and all: only its top-level {@code servers:} block is replaced.
 */
final class SpecDocument {
    private static final ObjectMapper JSON = new ObjectMapper();
    // The Host header is the client's choice: a bounded cache, so that odd hosts cannot grow memory.
    private static final int CACHED_SERVERS = 32;

    record Rendered(byte[] yaml, byte[] json) {
    }

    private final String yaml;
    private final JsonNode tree;
    private final Map<String, Rendered> byServer = new ConcurrentHashMap<>();

    SpecDocument(byte[] yaml) {
        this.yaml = new String(yaml, StandardCharsets.UTF_8);
        try {
            this.tree = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("the spec in the jar is unreadable", e);
        }
        if (!this.yaml.startsWith("openapi:") || !this.yaml.contains("\nservers:\n")) {
            throw new IllegalStateException("the spec must have a top-level servers: block for the gateway to fill in");
        }
    }

    Rendered forServer(String url) {
        Rendered cached = byServer.get(url);
        if (cached != null) {
            return cached;
        }
        Rendered rendered = new Rendered(yamlFor(url).getBytes(StandardCharsets.UTF_8), jsonFor(url));
        if (byServer.size() >= CACHED_SERVERS) {
            byServer.clear();
        }
        byServer.put(url, rendered);
        return rendered;
    }

    private String yamlFor(String url) {
        int start = yaml.indexOf("\nservers:\n") + 1;
        int end = start + "servers:\n".length();
        // The block ends at the next line that starts in column 0 (the next top-level key).
        while (end < yaml.length() && (yaml.charAt(end) == ' ' || yaml.charAt(end) == '\n')) {
            int next = yaml.indexOf('\n', end);
            end = next < 0 ? yaml.length() : next + 1;
        }
        String block = "servers:\n  - url: " + quoted(url) + "\n    description: " + quoted(DESCRIPTION) + "\n";
        return yaml.substring(0, start) + block + yaml.substring(end);
    }

    private byte[] jsonFor(String url) {
        ObjectNode copy = tree.deepCopy();
        ArrayNode servers = copy.putArray("servers");
        servers.addObject().put("url", url).put("description", DESCRIPTION);
        try {
            return JSON.writeValueAsBytes(copy);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final String DESCRIPTION = "This gateway (the URL this document was requested from).";

    /** A JSON string literal is a valid YAML double-quoted scalar, whatever the Host header held. */
    private static String quoted(String s) {
        return JSON.getNodeFactory().textNode(s).toString();
    }
}
