package dev.aistack.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.aistack.contract.SpecValidator;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * Sits between an SDK and the gateway on loopback and checks every response against the spec, so tests that
 * speak through the OpenAI SDK prove the contract too. Answers are buffered: for contract checks, not timing.
 */
public final class SpecCheckingProxy implements AutoCloseable {
    private static final Set<String> NOT_COPIED = Set.of("connection", "content-length", "transfer-encoding", "host",
            "date", "upgrade", "keep-alive", "expect");
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final HttpServer server;
    private final String target;
    private final List<String> violations = new CopyOnWriteArrayList<>();

    public SpecCheckingProxy(RunningGateway gateway) {
        this.target = gateway.url();
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::relay);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Fails the test when any response so far did not match the spec. */
    public void assertAllResponsesMatchedTheSpec() {
        if (!violations.isEmpty()) {
            throw new AssertionError("responses outside the spec:\n" + String.join("\n", violations));
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void relay(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(target + ex.getRequestURI()))
                    .timeout(Duration.ofSeconds(30))
                    .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            ex.getRequestHeaders().forEach((name, values) -> {
                if (!NOT_COPIED.contains(name.toLowerCase())) {
                    values.forEach(v -> req.header(name, v));
                }
            });
            HttpResponse<byte[]> res = CLIENT.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
            check(ex.getRequestMethod(), ex.getRequestURI().getPath(), res);
            res.headers().map().forEach((name, values) -> {
                if (!NOT_COPIED.contains(name.toLowerCase())) {
                    ex.getResponseHeaders().put(name, values);
                }
            });
            ex.sendResponseHeaders(res.statusCode(), res.body().length == 0 ? -1 : res.body().length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(res.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void check(String method, String path, HttpResponse<byte[]> res) {
        try {
            String type = res.headers().firstValue("Content-Type").orElse(null);
            SpecValidator.load().validate(method, path, res.statusCode(), type, res.body());
            SpecValidator.load().validateHeaders(method, path, res.statusCode(), res.headers().map());
        } catch (AssertionError e) {
            violations.add(e.getMessage());
        }
    }
}
