package dev.aistack.support;

import dev.aistack.contract.SpecValidator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A plain HTTP client for tests. Every response it returns has been checked against the spec's schema for the
 * operation named by the call (method + path template), so each test also proves the contract.
 */
public final class Http {
    /** A response as received: status, headers, exact body bytes. */
    public record Response(int status, Map<String, List<String>> headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {
    }

    public static Response get(RunningGateway gw, String template, String path, String... headers) {
        return send(gw, "GET", template, path, null, headers);
    }

    public static Response postJson(RunningGateway gw, String template, String body, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Content-Type";
        all[1] = "application/json";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return send(gw, "POST", template, template, body, all);
    }

    /**
     * A request that is no operation of the spec (a wrong method, an unknown path): only the error envelope can be
     * checked, which {@link #assertCatalogError} does.
     */
    public static Response sendOutsideTheSpec(RunningGateway gw, String method, String path) {
        return exchange(gw, method, path, null);
    }

    /** Any request; validated against the spec operation {@code method template}. */
    public static Response send(RunningGateway gw, String method, String template, String path, String body,
                                String... headers) {
        Response response = exchange(gw, method, path, body, headers);
        SpecValidator.load().validate(method, template, response.status(), response.header("Content-Type"),
                response.body());
        SpecValidator.load().validateHeaders(method, template, response.status(), response.headers());
        return response;
    }

    private static Response exchange(RunningGateway gw, String method, String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gw.url() + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<byte[]> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Asserts the body is the gateway's error envelope with this catalog code (schema: ErrorResponse). */
    public static void assertCatalogError(Response r, String code) {
        SpecValidator.load().validate("GET", "/v1/models", 503, r.header("Content-Type"), r.body()); // ErrorResponse
        if (!r.text().contains("\"code\":\"" + code + "\"") || !r.text().contains("\"provider\":\"aistack\"")) {
            throw new AssertionError("expected catalog error " + code + ", got " + r.text());
        }
    }

    /**
     * Polls (bounded) until the gateway reports no GPU slot in use on any node; the slot is released after the
     * response ends.
     */
    /** Whether /metrics matches {@code regex} within 10 s (counters written off the request's path land just after). */
    public static boolean awaitMetrics(RunningGateway gw, String regex) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (get(gw, "/metrics", "/metrics").text().matches(regex)) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    public static boolean awaitSlotsFree(RunningGateway gw) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        java.util.regex.Pattern inUse = java.util.regex.Pattern.compile("(?m)^aistack_gpu_slots_in_use\\{[^}]*} (\\S+)$");
        while (System.nanoTime() < deadline) {
            java.util.regex.Matcher m = inUse.matcher(get(gw, "/metrics", "/metrics").text());
            boolean any = false;
            boolean allFree = true;
            while (m.find()) {
                any = true;
                allFree &= Double.parseDouble(m.group(1)) == 0.0;
            }
            if (any && allFree) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }
}
