package dev.aistack.site;

import dev.aistack.support.FakeOllama;
import dev.aistack.support.RunningGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The published pages in a real headless Chromium (Debian's, driven by puppeteer-core from src/test/browser/pages.mjs)
 * against a running gateway that requires a key, in front of a fake Ollama that streams with a gap between events.
 * Every page must load with no console error and no request leaving 127.0.0.1. Screenshots: target/screenshots/.
 * bin/test installs Chromium and the npm packages; without them these tests fail, they never skip.
 */
class BrowserPagesTest {
    private static final Path BASE = Path.of(System.getProperty("aistack.basedir", "."));
    private static final Path SCRIPTS = BASE.resolve("src/test/browser");
    private static final String KEY = "sk-browser-test-0123456789";
    private static FakeOllama ollama;
    private static RunningGateway gw;
    private static List<String> report;

    @BeforeAll
    static void runTheBrowser() throws IOException, InterruptedException {
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
        if (!Files.isExecutable(chromium)) {
            fail(chromium + " is missing: run bin/test (it installs Debian's chromium)");
        }
        if (!Files.isDirectory(SCRIPTS.resolve("node_modules/puppeteer-core"))) {
            fail("puppeteer-core is not installed: run bin/test (or npm ci in src/test/browser)");
        }
        ollama = FakeOllama.start().tokens("The", " quick", " brown", " fox", " jumps")
                .eventGap(Duration.ofMillis(200));
        gw = RunningGateway.inFrontOf(ollama.url(), "AISTACK_API_KEYS", KEY);
        Path shots = BASE.resolve("target/screenshots");
        Process node = new ProcessBuilder("node", "pages.mjs", gw.url(), shots.toString(), KEY)
                .directory(SCRIPTS.toFile()).redirectErrorStream(true).start();
        if (!node.waitFor(4, TimeUnit.MINUTES)) {
            node.destroyForcibly();
            fail("the browser run did not end within 4 minutes");
        }
        report = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
        if (ollama != null) {
            ollama.close();
        }
    }

    private static void passed(String check) {
        assertTrue(report.contains("ok " + check), () -> "browser check " + check + ":\n" + String.join("\n", report));
    }

    @Test
    void swaggerUiListsEveryOperationAndTryItOutOfListModelsAnswers200WithTheKeyFromAuthorize() {
        passed("openapi-swagger-ui");
    }

    @Test
    void redocRendersEveryTag() {
        passed("redoc");
    }

    @Test
    void theDocsSidebarLeadsToAPageAndCodeBlocksHaveCopyButtons() {
        passed("docs-navigation");
    }

    @Test
    void theDocsSearchFindsASectionAndLeadsToIt() {
        passed("docs-search");
    }

    @Test
    void theErrorsPageShowsEveryCatalogCodeAndItsAnchor() {
        passed("errors");
    }

    @Test
    void fromTheQuickstartThePlaygroundStreamsAReplyTokenByTokenWithItsRequestIdTaskAndUsage() {
        passed("playground-streaming");
    }

    @Test
    void thePlaygroundSendsADroppedImageAsADataUri() {
        passed("playground-image");
        assertTrue(ollama.received("/v1/chat/completions").stream()
                        .anyMatch(r -> r.bodyText().contains("\"url\":\"data:image/png;base64,iVBOR")),
                "the backend received the image as a data: URI");
    }

    @Test
    void thePlaygroundShowsAToolCallAndSendsItsResultBack() {
        passed("playground-tool-call");
        assertTrue(ollama.received("/v1/chat/completions").stream()
                .anyMatch(r -> r.bodyText().contains("\"role\":\"tool\"")), "the tool's result reached the backend");
    }

    @Test
    void everyCheckRanAndNoneFailed() {
        assertTrue(report.stream().noneMatch(l -> l.startsWith("FAIL")), String.join("\n", report));
        assertTrue(report.size() >= 8, String.join("\n", report));
    }
}
