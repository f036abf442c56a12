package dev.aistack.site;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;

/** The error catalog as a page for people: one row per code, with what to do about it. */
final class ErrorCatalogPage {
    private ErrorCatalogPage() {
    }

    static byte[] render(JsonNode catalog) {
        StringBuilder rows = new StringBuilder();
        for (JsonNode e : catalog.path("errors")) {
            rows.append("<tr id=\"").append(escape(e.path("code").asText())).append("\">")
                    .append("<td><code>").append(escape(e.path("code").asText())).append("</code></td>")
                    .append("<td>").append(e.path("status").asInt()).append("</td>")
                    .append("<td>").append(escape(e.path("kind").asText())).append("</td>")
                    .append("<td>").append(escape(e.path("title").asText())).append("</td>")
                    .append("<td>").append(escape(e.path("remediation").asText())).append("</td>")
                    .append("<td>").append(e.path("retryable").asBoolean() ? "yes" : "no").append("</td>")
                    .append("<td>").append(escape(e.path("since").asText())).append("</td></tr>\n");
        }
        String html = """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>aistack error catalog</title>
                <style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}
                td,th{border:1px solid #ccc;padding:.4rem .6rem;text-align:left;vertical-align:top}</style></head>
                <body><h1>aistack error catalog</h1>
                <p>Every error the gateway itself returns has this envelope:
                <code>{"error":{"message","type","param","code","kind","provider":"aistack"}}</code>.
                Errors from the backend are passed through unchanged. Machines: <code>GET /errors</code>
                with <code>Accept: application/json</code>.</p>
                <table><thead><tr><th>code</th><th>status</th><th>kind</th><th>title</th><th>what to do</th>
                <th>retryable</th><th>since</th></tr></thead><tbody>
                %s</tbody></table></body></html>
                """.formatted(rows);
        return html.getBytes(StandardCharsets.UTF_8);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
