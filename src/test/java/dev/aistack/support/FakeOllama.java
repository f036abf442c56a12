package dev.aistack.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on loopback that answers like Ollama, byte for byte (shared/OLLAMA_WIRE.md): the /v1 routes
 * the gateway forwards, the native calls it makes itself, Ollama's Host check and keep_alive scheduler. Tests
 * steer its timing (gaps between events, a held or slow answer, a stream that breaks) and read what it received.
 */
public final class FakeOllama implements AutoCloseable {
    /** One request as received. */
    public record Received(String method, String path, Map<String, List<String>> headers, byte[] body) {
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final OllamaScheduler scheduler = new OllamaScheduler();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> models = new CopyOnWriteArrayList<>(List.of("llama3.2:1b"));
    private final AtomicInteger aborts = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile List<String> tokens = List.of("Hello", " there");
    private volatile Duration eventGap = Duration.ZERO;
    private volatile Duration delayBeforeAnswer = Duration.ZERO;
    private volatile CountDownLatch hold;
    private volatile int breakAfterEvents = -1;
    private volatile int failInStreamAfter = -1;
    private volatile boolean splitUtf8;
    private volatile CountDownLatch afterFirstEvent;
    private volatile CountDownLatch nativeHold;
    private final Map<String, AtomicInteger> answered = new java.util.concurrent.ConcurrentHashMap<>();

    private FakeOllama() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeOllama start() {
        try {
            return new FakeOllama();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    // --- steering ---------------------------------------------------------------------------------------------

    public FakeOllama tokens(String... newTokens) {
        this.tokens = List.of(newTokens);
        return this;
    }

    /** Pause between streamed events (the first one included). */
    public FakeOllama eventGap(Duration gap) {
        this.eventGap = gap;
        return this;
    }

    /** Wait this long before answering anything on /v1 (to provoke the gateway's timeout). */
    public FakeOllama delayBeforeAnswer(Duration delay) {
        this.delayBeforeAnswer = delay;
        return this;
    }

    /** Hold /v1 answers until {@link #release()}, so a test can look at the gateway while a call is in flight. */
    public FakeOllama holdAnswers() {
        this.hold = new CountDownLatch(1);
        return this;
    }

    public void release() {
        CountDownLatch h = hold;
        if (h != null) {
            h.countDown();
        }
    }

    /**
     * Send the first streamed event, then wait for {@link #continueStream()} before the rest: a client that sees the
     * first event while the rest is held proves the gateway did not buffer.
     */
    public FakeOllama pauseAfterFirstEvent() {
        this.afterFirstEvent = new CountDownLatch(1);
        return this;
    }

    public void continueStream() {
        CountDownLatch l = afterFirstEvent;
        if (l != null) {
            l.countDown();
        }
    }

    /** Drop the connection after this many streamed events, as a crashed runner would. */
    public FakeOllama breakStreamAfter(int events) {
        this.breakAfterEvents = events;
        return this;
    }

    /**
     * After this many streamed events, end the stream cleanly without its end marker: what Ollama does when the
     * runner fails mid-stream (OLLAMA_WIRE.md §4.2: one empty chunk, then the body ends, no [DONE]).
     */
    public FakeOllama failInStreamAfter(int events) {
        this.failInStreamAfter = events;
        return this;
    }

    /** Write each multi-byte character of the tokens in two flushed halves, with a pause between. */
    public FakeOllama splitUtf8Characters() {
        this.splitUtf8 = true;
        return this;
    }

    public FakeOllama addModel(String name) {
        models.add(name);
        return this;
    }

    /** The model's next request reloads it, as other runner options or a restart would: it gets a new session. */
    public FakeOllama reloadOnNextRequest(String model) {
        scheduler.reloadOnNextRequest(model);
        return this;
    }

    /** OLLAMA_MAX_LOADED_MODELS: with 1, loading one model evicts the other. */
    public FakeOllama maxLoadedModels(int max) {
        scheduler.maxLoadedModels(max);
        return this;
    }

    /** Hold native /api/generate calls until {@link #releaseNativeCalls()}: a slow load. */
    public FakeOllama holdNativeCalls() {
        this.nativeHold = new CountDownLatch(1);
        return this;
    }

    public void releaseNativeCalls() {
        CountDownLatch h = nativeHold;
        if (h != null) {
            h.countDown();
        }
    }

    // --- observing --------------------------------------------------------------------------------------------

    public List<Received> received() {
        return Collections.unmodifiableList(new ArrayList<>(received));
    }

    public List<Received> received(String path) {
        return received().stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Waits (bounded) until {@code count} requests on {@code path} have arrived; true when they did. */
    public boolean awaitRequests(String path, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (received(path).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return received(path).size() >= count;
    }

    /** Waits (bounded) until {@code count} requests on {@code path} have been answered; true when they were. */
    public boolean awaitAnswered(String path, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (answered(path) < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return answered(path) >= count;
    }

    public int answered(String path) {
        AtomicInteger n = answered.get(path);
        return n == null ? 0 : n.get();
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** Waits (bounded) until a client of a stream has gone away mid-stream; true when it did. */
    public boolean awaitAbort(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (aborts.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return aborts.get() > 0;
    }

    /** /api/ps as Ollama computes it now: model name to expires_at. */
    public Map<String, Instant> loadedModels() {
        return scheduler.ps(Instant.now());
    }

    @Override
    public void close() {
        release();
        continueStream();
        releaseNativeCalls();
        server.stop(0);
    }

    // --- serving ----------------------------------------------------------------------------------------------

    private void handle(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        String path = ex.getRequestURI().getRawPath();
        received.add(new Received(ex.getRequestMethod(), path, Map.copyOf(ex.getRequestHeaders()), body));
        if (!allowedHost(ex.getRequestHeaders().getFirst("Host"))) {
            ex.sendResponseHeaders(403, -1); // allowedHostsMiddleware: empty body
            ex.close();
            return;
        }
        // Not try-with-resources: closing the exchange would end a broken stream cleanly with its last chunk. When
        // a route throws, the JDK server drops the connection instead, which is what a crashed runner looks like.
        try {
            OllamaRoutes.route(this, ex, ex.getRequestMethod(), path, body);
        } finally {
            answered.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        }
        ex.close();
    }

    /** Ollama on loopback accepts only local host names (server/routes.go allowedHostsMiddleware). */
    private static boolean allowedHost(String host) {
        if (host == null) {
            return true;
        }
        String name = host.startsWith("[") ? host.substring(1, host.indexOf(']')) : host.replaceAll(":\\d+$", "");
        return name.equals("localhost") || name.equals("127.0.0.1") || name.equals("::1") || name.endsWith(".localhost")
                || name.endsWith(".local") || name.endsWith(".internal");
    }

    // Accessors for OllamaRoutes (same package): the steering state and the scheduler.

    boolean knows(String model) {
        return model != null && models.stream().anyMatch(m -> m.equalsIgnoreCase(model)
                || m.equalsIgnoreCase(model + ":latest"));
    }

    List<String> models() {
        return models;
    }

    List<String> tokens() {
        return tokens;
    }

    OllamaScheduler scheduler() {
        return scheduler;
    }

    boolean splitUtf8() {
        return splitUtf8;
    }

    int failInStreamAfter() {
        return failInStreamAfter;
    }

    int breakAfterEvents() {
        return breakAfterEvents;
    }

    Duration eventGap() {
        return eventGap;
    }

    void awaitContinue() throws IOException {
        CountDownLatch l = afterFirstEvent;
        try {
            if (l != null && !l.await(20, TimeUnit.SECONDS)) {
                throw new IOException("the test never continued the stream");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    void countAbort() {
        aborts.incrementAndGet();
    }

    /**
     * A whole (non-streamed) /v1 answer. After a hold it goes out as headers, a pause, then the body, so that a
     * gateway which closed the connection meanwhile makes the second write fail: counted as an abort, like a stream's.
     */
    static void sendAnswer(FakeOllama o, HttpExchange ex, String contentType, String body) throws IOException {
        if (o.hold == null) {
            send(ex, 200, contentType, body);
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try {
            ex.getResponseHeaders().set("Content-Type", contentType);
            ex.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes, 0, 1);
                out.flush();
                Thread.sleep(50); // the closed socket's RST arrives
                out.write(bytes, 1, bytes.length - 1);
                out.flush();
            }
        } catch (IOException clientGone) {
            o.countAbort();
            throw clientGone;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Applies the configured delay and hold before a /v1 answer, counting the request as in flight. */
    void beforeAnswer() throws IOException {
        try {
            if (!delayBeforeAnswer.isZero()) {
                Thread.sleep(delayBeforeAnswer.toMillis());
            }
            CountDownLatch h = hold;
            if (h != null && !h.await(30, TimeUnit.SECONDS)) {
                throw new IOException("held answer was never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Applies the native hold before a native call is scheduled. */
    void beforeNativeAnswer() throws IOException {
        CountDownLatch h = nativeHold;
        try {
            if (h != null && !h.await(30, TimeUnit.SECONDS)) {
                throw new IOException("held native call was never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    AtomicInteger inFlightCounter() {
        return inFlight;
    }

    static Optional<JsonNode> parse(byte[] body) {
        try {
            return Optional.ofNullable(JSON.readTree(body));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
