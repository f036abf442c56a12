package dev.aistack.site;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;

/**
 * The error catalog as a page for people: one section per code, anchored by the code itself, so that an envelope's
 * {@code doc_url} ({@code /errors#gpu_busy}) lands on what to do about it.
 */
final class ErrorCatalogPage {
    private ErrorCatalogPage() {
    }

    static byte[] render(JsonNode catalog) {
        StringBuilder index = new StringBuilder();
        StringBuilder sections = new StringBuilder();
        for (JsonNode e : catalog.path("errors")) {
            String code = escape(e.path("code").asText());
            index.append("<li><a href=\"#").append(code).append("\"><code>").append(code).append("</code></a> ")
                    .append(e.path("status").asInt()).append("</li>\n");
            sections.append("<section class=\"error-code\" id=\"").append(code).append("\">\n")
                    .append("<h2><a class=\"anchor\" href=\"#").append(code).append("\">#</a> <code>").append(code)
                    .append("</code> <span class=\"status\">").append(e.path("status").asInt()).append("</span></h2>\n")
                    .append("<p class=\"title\">").append(escape(e.path("title").asText())).append("</p>\n<dl>")
                    .append(field("status", Integer.toString(e.path("status").asInt())))
                    .append(field("kind", "<code>" + escape(e.path("kind").asText()) + "</code>"))
                    .append(field("OpenAI type", "<code>" + escape(e.path("type").asText()) + "</code>"))
                    .append(field("what to do", escape(e.path("remediation").asText())))
                    .append(field("retryable", e.path("retryable").asBoolean() ? "yes" : "no"))
                    .append(field("since", escape(e.path("since").asText())))
                    .append("</dl>\n</section>\n");
        }
        String html = """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
                <title>aistack error catalog</title><link rel="stylesheet" href="/assets/site.css">
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml"></head>
                <body class="catalog">
                <header class="topbar"><a class="brand" href="/docs/">aistack</a>
                <nav><a href="/docs/">Docs</a><a href="/openapi">API (Swagger UI)</a><a href="/redoc">API (ReDoc)</a>
                <a href="/errors" aria-current="page">Errors</a><a href="/playground">Playground</a></nav></header>
                <main class="content">
                <h1>Error catalog <small>version %s</small></h1>
                <p>Every error the gateway itself returns has this envelope, a superset of OpenAI's error object:
                <code>{"error":{"message","type","param","code","kind","provider":"aistack","doc_url"}}</code>, where
                <code>doc_url</code> links to the code's section below. Errors from the backend are passed through
                unchanged. Machines: <a href="/errors.json"><code>/errors.json</code></a> (or <code>GET /errors</code>
                with <code>Accept: application/json</code>).</p>
                <ul class="code-index">
                %s</ul>
                %s</main></body></html>
                """.formatted(escape(catalog.path("version").asText()), index, sections);
        return html.getBytes(StandardCharsets.UTF_8);
    }

    private static String field(String name, String valueHtml) {
        return "<dt>" + name + "</dt><dd>" + valueHtml + "</dd>";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
