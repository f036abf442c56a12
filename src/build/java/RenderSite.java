import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.heading.anchor.IdGenerator;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Build step (exec-maven-plugin, generate-resources; runs on Maven's JVM, so Java 17): renders docs-site/*.md and
 * CHANGELOG.md into the /docs pages (sidebar from docs-site/nav.txt, heading anchors, a prebuilt search index),
 * copies the hand-written pages and assets of src/main/site, and writes files.txt, the list the gateway loads
 * into memory at start.
 *
 * Usage: java RenderSite.java <project dir> <output dir>
 */
public final class RenderSite {
    private static final ObjectMapper JSON = new ObjectMapper();
    // docs-site links between pages (keys.md, keys.md#x, docs-site/keys.md from the changelog, ../CHANGELOG.md).
    private static final Pattern PAGE_LINK = Pattern.compile("^(?:\\.\\./|docs-site/)?([A-Za-z0-9_-]+)\\.md(#.*)?$");

    /** @param label the sidebar's name for it (nav.txt's words after the file), else the page's title */
    record Page(String name, Path source, String section, String label) {
        String url() {
            return name.equals("index") ? "/docs/" : "/docs/" + name;
        }
    }

    public static void main(String[] args) throws IOException {
        Path project = Path.of(args[0]);
        Path out = Path.of(args[1]);
        deleteTree(out);
        Files.createDirectories(out.resolve("docs"));
        List<Page> pages = pages(project);

        Parser parser = Parser.builder().extensions(List.of(TablesExtension.create())).build();
        Map<String, String> titles = new LinkedHashMap<>();
        Map<Page, Node> documents = new LinkedHashMap<>();
        for (Page page : pages) {
            Node doc = parser.parse(Files.readString(page.source()));
            documents.put(page, doc);
            titles.put(page.name(), firstHeading(doc, page.name()));
        }
        ArrayNode index = JSON.createArrayNode();
        for (Map.Entry<Page, Node> e : documents.entrySet()) {
            Page page = e.getKey();
            Node doc = e.getValue();
            rewriteLinks(doc, titles.keySet(), page);
            Map<Node, String> ids = headingIds(doc);
            HtmlRenderer renderer = HtmlRenderer.builder().extensions(List.of(TablesExtension.create()))
                    .escapeHtml(true) // the pages say <key> and <model> in prose: text, never markup
                    .sanitizeUrls(true)
                    .attributeProviderFactory(context -> (node, tag, attributes) -> {
                        if (ids.containsKey(node)) {
                            attributes.put("id", ids.get(node));
                        }
                    })
                    .build();
            String body = renderer.render(doc);
            String html = layout(titles.get(page.name()), page, pages, titles, body);
            Files.writeString(out.resolve("docs/" + page.name() + ".html"), html);
            indexSections(index, page, titles.get(page.name()), doc, ids);
        }
        Files.write(out.resolve("docs/search-index.json"), JSON.writeValueAsBytes(index));

        Path handWritten = project.resolve("src/main/site");
        try (Stream<Path> files = Files.walk(handWritten)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                Path target = out.resolve(handWritten.relativize(f).toString());
                Files.createDirectories(target.getParent());
                Files.copy(f, target);
            }
        }
        TreeSet<String> all = new TreeSet<>();
        try (Stream<Path> files = Files.walk(out)) {
            files.filter(Files::isRegularFile).forEach(f -> all.add(out.relativize(f).toString().replace('\\', '/')));
        }
        all.remove("files.txt");
        Files.writeString(out.resolve("files.txt"), String.join("\n", all) + "\n");
        System.out.println("RenderSite: " + pages.size() + " docs pages, " + all.size() + " files -> " + out);
    }

    /** The pages in sidebar order from docs-site/nav.txt; every other docs-site page goes last, under "More". */
    static List<Page> pages(Path project) throws IOException {
        Path docs = project.resolve("docs-site");
        List<Page> pages = new ArrayList<>();
        TreeSet<String> listed = new TreeSet<>();
        String section = "";
        for (String line : Files.readAllLines(docs.resolve("nav.txt"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (!Character.isWhitespace(line.charAt(0))) {
                section = line.trim();
                continue;
            }
            String[] parts = line.trim().split("\\s+", 2);
            String file = parts[0];
            String label = parts.length > 1 ? parts[1] : null;
            String name = file.substring(0, file.length() - ".md".length());
            Path source = name.equals("changelog") ? project.resolve("CHANGELOG.md") : docs.resolve(file);
            listed.add(file);
            if (!Files.exists(source)) {
                // Pages other branches are still writing: left out of this build's sidebar, never a dead link.
                System.out.println("RenderSite: warning: nav.txt lists " + file + ", which does not exist yet");
                continue;
            }
            pages.add(new Page(name, source, section, label));
        }
        try (Stream<Path> files = Files.list(docs)) {
            for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                String file = f.getFileName().toString();
                if (file.endsWith(".md") && !listed.contains(file)) {
                    pages.add(new Page(file.substring(0, file.length() - 3), f, "More", null));
                }
            }
        }
        return pages;
    }

    static String firstHeading(Node doc, String fallback) {
        for (Node n = doc.getFirstChild(); n != null; n = n.getNext()) {
            if (n instanceof Heading h && h.getLevel() == 1) {
                return text(h);
            }
        }
        return fallback;
    }

    /** Links to other pages become /docs/<name>; a link to a page that is not in the site fails the build. */
    static void rewriteLinks(Node doc, java.util.Set<String> names, Page page) {
        doc.accept(new AbstractVisitor() {
            @Override
            public void visit(Link link) {
                String destination = link.getDestination();
                Matcher m = PAGE_LINK.matcher(destination);
                boolean relative = !destination.isEmpty() && !destination.startsWith("/")
                        && !destination.startsWith("#") && !destination.matches("^[a-z][a-z0-9+.-]*:.*");
                if (relative && !m.matches()) {
                    // A repository file (../bench/README.md) is not published: it would be a dead link on /docs.
                    throw new IllegalStateException(page.source() + " links to " + destination
                            + ", which is not a page of the site");
                }
                if (m.matches()) {
                    String name = m.group(1).equals("CHANGELOG") ? "changelog" : m.group(1);
                    if (!names.contains(name)) {
                        throw new IllegalStateException(page.source() + " links to " + link.getDestination()
                                + ", which is not a page of the site");
                    }
                    String anchor = m.group(2) == null ? "" : m.group(2);
                    link.setDestination((name.equals("index") ? "/docs/" : "/docs/" + name) + anchor);
                }
                visitChildren(link);
            }
        });
    }

    /** GitHub-style ids (the heading-anchor extension's generator), unique within the page. */
    static Map<Node, String> headingIds(Node doc) {
        IdGenerator generator = IdGenerator.builder().build();
        Map<Node, String> ids = new IdentityHashMap<>();
        doc.accept(new AbstractVisitor() {
            @Override
            public void visit(Heading heading) {
                ids.put(heading, generator.generateId(text(heading)));
            }
        });
        return ids;
    }

    /** One search entry per section (the text under a heading up to the next one), linking to its anchor. */
    static void indexSections(ArrayNode index, Page page, String title, Node doc, Map<Node, String> ids) {
        String heading = title;
        String anchor = "";
        StringBuilder text = new StringBuilder();
        for (Node n = doc.getFirstChild(); n != null; n = n.getNext()) {
            if (n instanceof Heading h) {
                addEntry(index, page, title, heading, anchor, text);
                heading = text(h);
                anchor = h.getLevel() == 1 ? "" : "#" + ids.get(h);
                text.setLength(0);
            } else {
                text.append(text(n)).append(' ');
            }
        }
        addEntry(index, page, title, heading, anchor, text);
    }

    private static void addEntry(ArrayNode index, Page page, String title, String heading, String anchor,
                                 StringBuilder text) {
        String body = text.toString().replaceAll("\\s+", " ").trim();
        if (body.isEmpty() && anchor.isEmpty()) {
            return;
        }
        ObjectNode entry = index.addObject();
        entry.put("url", page.url() + anchor);
        entry.put("page", title);
        entry.put("heading", heading);
        entry.put("text", body.length() > 2000 ? body.substring(0, 2000) : body);
    }

    static String text(Node node) {
        StringBuilder b = new StringBuilder();
        node.accept(new AbstractVisitor() {
            @Override
            public void visit(Text t) {
                b.append(t.getLiteral());
            }

            @Override
            public void visit(Code c) {
                b.append(c.getLiteral());
            }

            @Override
            public void visit(FencedCodeBlock c) {
                b.append(c.getLiteral());
            }

            @Override
            public void visit(IndentedCodeBlock c) {
                b.append(c.getLiteral());
            }
        });
        return b.toString();
    }

    static String layout(String title, Page current, List<Page> pages, Map<String, String> titles, String body) {
        StringBuilder nav = new StringBuilder();
        String section = null;
        for (Page p : pages) {
            if (!p.section().equals(section)) {
                if (section != null) {
                    nav.append("</ul>\n");
                }
                section = p.section();
                nav.append("<h2>").append(escape(section)).append("</h2>\n<ul>\n");
            }
            nav.append("<li><a href=\"").append(p.url()).append('"')
                    .append(p == current ? " aria-current=\"page\"" : "").append('>')
                    .append(escape(p.label() != null ? p.label() : titles.get(p.name()))).append("</a></li>\n");
        }
        nav.append("</ul>\n");
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
                <title>%s · aistack docs</title>
                <link rel="stylesheet" href="/assets/site.css"><script src="/assets/docs.js" defer></script>
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml"></head>
                <body class="docs">
                <header class="topbar"><a class="brand" href="/docs/">aistack</a>
                <nav><a href="/docs/" aria-current="page">Docs</a><a href="/openapi">API (Swagger UI)</a><a href="/redoc">API (ReDoc)</a>
                <a href="/errors">Errors</a><a href="/playground">Playground</a></nav></header>
                <div class="layout">
                <aside class="sidebar">
                <div class="search" role="search"><input id="search" type="search" placeholder="Search the docs"
                 aria-label="Search the docs" autocomplete="off"><ol id="search-results" hidden></ol></div>
                <nav class="pages" aria-label="Pages">
                %s</nav></aside>
                <main class="content">
                %s</main></div></body></html>
                """.formatted(escape(title), nav, body);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.sorted((a, b) -> b.compareTo(a))::iterator) {
                Files.delete(f);
            }
        }
    }
}
