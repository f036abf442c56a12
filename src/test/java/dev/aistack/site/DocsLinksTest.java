package dev.aistack.site;

import dev.aistack.support.RunningGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A crawler from /docs/: every link and every loaded resource of every page resolves on the gateway (200), every
 * #anchor exists on its page, nothing is loaded from another host, and every docs page is reachable.
 */
class DocsLinksTest {
    private static final Pattern ATTRIBUTE = Pattern.compile("\\s(href|src)=\"([^\"]*)\"");
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static RunningGateway gw;

    record Page(int status, String contentType, String body, String csp) {
    }

    private static final Map<String, Page> FETCHED = new HashMap<>();

    @BeforeAll
    static void start() {
        gw = RunningGateway.inFrontOf("http://127.0.0.1:9");
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    private static Page fetch(String path) {
        return FETCHED.computeIfAbsent(path, p -> {
            try {
                HttpResponse<byte[]> r = CLIENT.send(HttpRequest.newBuilder(URI.create(gw.url() + p))
                        .header("Accept", "text/html,*/*").timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                return new Page(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""),
                        new String(r.body(), StandardCharsets.UTF_8),
                        r.headers().firstValue("Content-Security-Policy").orElse(null));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    private record Crawl(Set<String> pages, List<String> problems) {
    }

    private static Crawl crawl() {
        Set<String> visited = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        Deque<String> queue = new ArrayDeque<>(List.of("/docs/"));
        while (!queue.isEmpty()) {
            String path = queue.poll();
            if (!visited.add(path)) {
                continue;
            }
            Page page = fetch(path);
            if (page.status() != 200 || !page.contentType().startsWith("text/html")) {
                problems.add(path + " answered " + page.status() + " " + page.contentType());
                continue;
            }
            Matcher m = ATTRIBUTE.matcher(page.body());
            while (m.find()) {
                String kind = m.group(1);
                URI target = URI.create("http://127.0.0.1" + path).resolve(m.group(2).replace("&amp;", "&"));
                if (!target.getHost().equals("127.0.0.1")) {
                    if (kind.equals("src") || page.body().contains("<link rel=\"stylesheet\" href=\"" + m.group(2))) {
                        problems.add(path + " loads " + target + " from another host");
                    }
                    continue; // a link for the reader to follow elsewhere: not fetched (no network here)
                }
                String linked = target.getRawPath();
                Page answer = fetch(linked);
                if (answer.status() != 200) {
                    problems.add(path + " links to " + m.group(2) + ", which answers " + answer.status());
                    continue;
                }
                if (target.getRawFragment() != null && !target.getRawFragment().isEmpty()
                        && !answer.body().contains("id=\"" + target.getRawFragment() + "\"")) {
                    problems.add(path + " links to " + m.group(2) + ", which has no such anchor");
                }
                if (linked.startsWith("/docs/") && answer.contentType().startsWith("text/html")) {
                    queue.add(linked);
                }
            }
        }
        return new Crawl(visited, problems);
    }

    @Test
    void everyLinkAndResourceOfEveryDocsPageResolvesAndEveryAnchorExists() {
        Crawl crawl = crawl();
        assertTrue(crawl.problems().isEmpty(), String.join("\n", crawl.problems()));
        assertTrue(crawl.pages().size() >= 10, "the crawl reached only " + crawl.pages());
    }

    @Test
    void everyDocsPageIsReachableFromTheFirstPage() {
        Set<String> reached = crawl().pages();
        Set<String> published = new LinkedHashSet<>();
        for (String name : new String(Contract.resource("site/files.txt"), StandardCharsets.UTF_8).split("\n")) {
            if (name.startsWith("docs/") && name.endsWith(".html")) {
                published.add(SiteFiles.urlOf(name));
            }
        }
        published.removeAll(reached);
        assertEquals(Set.of(), published, "pages no link leads to");
    }

    @Test
    void theSiteLinksThePagesTheIssuePromises() {
        Set<String> reached = crawl().pages();
        for (String page : List.of("/docs/quickstart", "/docs/configuration", "/docs/keys", "/docs/streaming",
                "/docs/keep-alive", "/docs/tasks", "/docs/backends", "/docs/ollama", "/docs/anthropic",
                "/docs/errors", "/docs/operations", "/docs/stability", "/docs/examples", "/docs/changelog")) {
            assertTrue(reached.contains(page), page + " is not linked: " + reached);
        }
    }

    @Test
    void everyPageCarriesTheSelfOnlyPolicy() {
        for (String page : List.of("/docs/", "/docs/quickstart", "/openapi", "/playground", "/errors")) {
            assertEquals(PageHeaders.CSP, fetch(page).csp(), page);
        }
        String redoc = fetch("/redoc").csp();
        assertTrue(redoc.startsWith("default-src 'self'; script-src 'self'; style-src 'self' 'nonce-"), redoc);
    }

    @Test
    void aPathThatIsNoPageGetsTheGatewaysNotFound() {
        Page missing = fetch("/docs/no-such-page");
        assertEquals(404, missing.status());
        assertTrue(missing.body().contains("\"code\":\"not_found\""), missing.body());
    }
}
