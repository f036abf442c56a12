package dev.aistack.contract;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The error catalog gate. Clients match on codes and retry by status, so the catalog is append-only against its
 * released baseline: a code never disappears, and its status, kind, OpenAI type and {@code since} never change.
 * Titles, remediations and retryable may be reworded or corrected.
 */
final class CatalogCompatibility {
    private static final List<String> FIELDS = List.of("code", "status", "kind", "type", "title", "remediation",
            "retryable", "since");
    private static final List<String> FROZEN = List.of("status", "kind", "type", "since");
    private static final Pattern SNAKE_CASE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");
    private static final Pattern SEMVER = Pattern.compile("(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)");

    private CatalogCompatibility() {
    }

    /** What makes a catalog unusable on its own: missing or mistyped fields, bad or duplicate codes, bad versions. */
    static List<String> problems(JsonNode catalog) {
        List<String> problems = new ArrayList<>();
        if (!SEMVER.matcher(catalog.path("version").asText()).matches()) {
            problems.add("catalog version is not a semantic version: " + catalog.path("version"));
        }
        if (!catalog.path("errors").isArray() || catalog.path("errors").isEmpty()) {
            problems.add("catalog has no \"errors\" array");
            return problems;
        }
        Set<String> seen = new HashSet<>();
        for (JsonNode entry : catalog.get("errors")) {
            String code = entry.path("code").asText("?");
            for (String field : FIELDS) {
                if (!entry.hasNonNull(field) || entry.get(field).isTextual() && entry.get(field).asText().isBlank()) {
                    problems.add(code + ": lacks " + field);
                }
            }
            if (!entry.path("status").isInt() || !entry.path("retryable").isBoolean()) {
                problems.add(code + ": status must be an integer and retryable a boolean");
            }
            if (!SNAKE_CASE.matcher(code).matches()) {
                problems.add(code + ": code is not snake_case");
            }
            if (!seen.add(code)) {
                problems.add(code + ": code appears twice");
            }
            if (!SEMVER.matcher(entry.path("since").asText()).matches()) {
                problems.add(code + ": since is not a semantic version: " + entry.path("since"));
            }
        }
        return problems;
    }

    /** What a client of the baseline would trip over in the current catalog; appended codes are fine. */
    static List<String> breakingChanges(JsonNode baseline, JsonNode current) {
        Map<String, JsonNode> now = byCode(current);
        List<String> breaking = new ArrayList<>();
        for (JsonNode old : baseline.path("errors")) {
            String code = old.path("code").asText();
            JsonNode entry = now.get(code);
            if (entry == null) {
                breaking.add(code + ": removed (codes are never removed; deprecate it in its remediation instead)");
                continue;
            }
            for (String field : FROZEN) {
                if (!old.path(field).equals(entry.path(field))) {
                    breaking.add(code + ": " + field + " changed from " + old.path(field) + " to " + entry.path(field)
                            + " (add a new code instead)");
                }
            }
        }
        return breaking;
    }

    private static Map<String, JsonNode> byCode(JsonNode catalog) {
        Map<String, JsonNode> entries = new LinkedHashMap<>();
        for (JsonNode entry : catalog.path("errors")) {
            entries.putIfAbsent(entry.path("code").asText(), entry);
        }
        return entries;
    }
}
