package dev.aistack.site;

import dev.aistack.support.RunningGateway;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Spectral (@stoplight/spectral-cli, ruleset spectral:oas) finds no error in the served /openapi.json. */
class SpecLintTest {
    private static final Path BASE = Path.of(System.getProperty("aistack.basedir", "."));
    private static final Path TOOLS = BASE.resolve("src/test/browser");

    @Test
    void theServedSpecHasNoSpectralError() throws Exception {
        Path spectral = TOOLS.resolve("node_modules/.bin/spectral");
        if (!Files.isExecutable(spectral)) {
            fail("spectral is not installed: run bin/test (or npm ci in src/test/browser)");
        }
        Path spec = BASE.resolve("target/clients/served-openapi.json");
        Files.createDirectories(spec.getParent());
        try (RunningGateway gw = RunningGateway.inFrontOf("http://127.0.0.1:9")) {
            HttpResponse<Path> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(gw.uri("/openapi.json")).build(), HttpResponse.BodyHandlers.ofFile(spec));
            assertEquals(200, r.statusCode());
        }
        Process p = new ProcessBuilder(spectral.toString(), "lint", "--ruleset", TOOLS.resolve("spectral.yaml").toString(),
                "--fail-severity", "error", "--format", "text", spec.toString())
                .directory(TOOLS.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "spectral did not end");
        assertEquals(0, p.exitValue(), () -> "spectral found errors:\n" + output);
        assertTrue(output.lines().noneMatch(line -> line.matches(".*:\\d+:\\d+ error .*")), output);
    }
}
