package dev.aistack.site;

import dev.aistack.support.RunningGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pages' files as served: whole under concurrent requests, revalidated by ETag, offline-safe ReDoc. */
class SiteFilesTest {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static RunningGateway gw;

    @BeforeAll
    static void start() {
        gw = RunningGateway.inFrontOf("http://127.0.0.1:9");
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    private static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(gw.uri(path)).timeout(Duration.ofSeconds(30));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void concurrentRequestsForTheLargeBundlesAllGetTheWholeFile() throws Exception {
        // Helidon's jar static content once truncated bodies under concurrent first requests (BUILD.md).
        byte[] swagger = Contract.resource("META-INF/resources/webjars/swagger-ui/5.34.1/swagger-ui-bundle.js");
        List<CompletableFuture<HttpResponse<byte[]>>> all = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            all.add(CLIENT.sendAsync(HttpRequest.newBuilder(gw.uri("/assets/vendor/swagger-ui/swagger-ui-bundle.js"))
                    .build(), HttpResponse.BodyHandlers.ofByteArray()));
        }
        for (CompletableFuture<HttpResponse<byte[]>> f : all) {
            HttpResponse<byte[]> r = f.get();
            assertEquals(200, r.statusCode());
            assertArrayEquals(swagger, r.body());
        }
    }

    @Test
    void assetsRevalidateWithTheirEtag() throws Exception {
        HttpResponse<byte[]> first = get("/assets/site.css");
        assertEquals(200, first.statusCode());
        assertTrue(first.headers().firstValue("Content-Type").orElse("").startsWith("text/css"));
        String etag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> again = get("/assets/site.css", "If-None-Match", etag);
        assertEquals(304, again.statusCode());
        assertEquals(0, again.body().length);
    }

    @Test
    void theRedocBundleNamesNoCdnAndItsLogoComesFromTheJar() throws Exception {
        String bundle = new String(get("/assets/vendor/redoc/redoc.standalone.js").body());
        assertFalse(bundle.contains("cdn.redoc.ly"), "the bundle still loads its logo from the CDN");
        assertTrue(bundle.contains(SiteFiles.REDOC_LOCAL_LOGO));
        HttpResponse<byte[]> logo = get(SiteFiles.REDOC_LOCAL_LOGO);
        assertEquals(200, logo.statusCode());
        assertEquals("image/svg+xml", logo.headers().firstValue("Content-Type").orElse(""));
    }

    @Test
    void eachRedocPageGetsItsOwnNonceInItsPolicyAndItsPage() throws Exception {
        HttpResponse<byte[]> a = get("/redoc");
        HttpResponse<byte[]> b = get("/redoc");
        String nonceA = nonce(a.headers().firstValue("Content-Security-Policy").orElseThrow());
        String nonceB = nonce(b.headers().firstValue("Content-Security-Policy").orElseThrow());
        assertFalse(nonceA.equals(nonceB), "a nonce is used once");
        assertTrue(new String(a.body()).contains("<meta name=\"csp-nonce\" content=\"" + nonceA + "\">"));
        assertEquals("no-store", a.headers().firstValue("Cache-Control").orElse(""));
    }

    private static String nonce(String csp) {
        return Arrays.stream(csp.split("[ ;]")).filter(t -> t.startsWith("'nonce-")).findFirst().orElseThrow()
                .replace("'nonce-", "").replace("'", "");
    }

    @Test
    void docsWithoutTheSlashRedirectsToTheDocsIndex() throws Exception {
        HttpResponse<byte[]> r = get("/docs");
        assertEquals(301, r.statusCode());
        assertEquals("/docs/", r.headers().firstValue("Location").orElse(""));
    }
}
