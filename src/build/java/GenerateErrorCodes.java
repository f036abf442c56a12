import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Build step: turns errors/catalog.json into the ErrorCode enum, so code can only throw catalog codes.
 * Run by exec-maven-plugin in generate-sources: java GenerateErrorCodes.java catalog.json outputDir
 */
public class GenerateErrorCodes {
    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Set<String> KINDS = Set.of("network", "auth", "rate_limit", "quota", "policy",
            "validation", "busy", "upstream", "internal");

    public static void main(String[] args) throws Exception {
        JsonNode catalog = new ObjectMapper().readTree(Path.of(args[0]).toFile());
        Path out = Path.of(args[1], "dev", "aistack", "errors", "ErrorCode.java");
        List<String> constants = new ArrayList<>();
        for (JsonNode e : catalog.get("errors")) {
            String code = text(e, "code");
            if (!CODE.matcher(code).matches()) {
                throw new IllegalArgumentException("catalog code must be snake_case: " + code);
            }
            if (!KINDS.contains(text(e, "kind"))) {
                throw new IllegalArgumentException(code + ": unknown kind " + text(e, "kind"));
            }
            int status = e.get("status").asInt();
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException(code + ": status must be 4xx or 5xx");
            }
            constants.add("    /** " + text(e, "title") + " */\n    %s(\"%s\", %d, \"%s\", \"%s\", %s, %s, %s, \"%s\")".formatted(
                    code.toUpperCase(Locale.ROOT), code, status, text(e, "kind"), text(e, "type"),
                    quote(text(e, "title")), quote(text(e, "remediation")), e.get("retryable").asBoolean(),
                    text(e, "since")));
        }
        String source = """
                package dev.aistack.errors;

                import javax.annotation.processing.Generated;

                /** Every error the gateway originates. Generated from errors/catalog.json: edit the catalog, not this file. */
                @Generated("GenerateErrorCodes")
                public enum ErrorCode {
                %s;

                    private final String code;
                    private final int status;
                    private final String kind;
                    private final String type;
                    private final String title;
                    private final String remediation;
                    private final boolean retryable;
                    private final String since;

                    ErrorCode(String code, int status, String kind, String type, String title, String remediation,
                              boolean retryable, String since) {
                        this.code = code;
                        this.status = status;
                        this.kind = kind;
                        this.type = type;
                        this.title = title;
                        this.remediation = remediation;
                        this.retryable = retryable;
                        this.since = since;
                    }

                    /** The stable code clients match on, e.g. {@code gpu_busy}. */
                    public String code() { return code; }
                    public int status() { return status; }
                    public String kind() { return kind; }
                    /** The OpenAI error type, so every OpenAI SDK classifies the error. */
                    public String type() { return type; }
                    public String title() { return title; }
                    public String remediation() { return remediation; }
                    public boolean retryable() { return retryable; }
                    public String since() { return since; }
                }
                """.formatted(String.join(",\n", constants));
        Files.createDirectories(out.getParent());
        Files.writeString(out, source);
    }

    private static String text(JsonNode e, String field) {
        JsonNode v = e.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException("catalog entry " + e + " lacks " + field);
        }
        return v.asText();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
