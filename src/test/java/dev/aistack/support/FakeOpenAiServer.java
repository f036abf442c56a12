package dev.aistack.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on loopback that answers like vLLM's OpenAI-compatible server ({@link VllmAnswers} has the
 * shapes and their source): /v1/models, chat and text completions (streaming or not), embeddings, /health. Tests
 * steer the faults a routing gateway must survive (refused connections, 503 or 429, a slow first byte, a stream
 * that breaks, a held answer) and read what it received, Authorization included.
 */
public final class FakeOpenAiServer implements AutoCloseable {
    private final int port;
    private final List<FakeOllama.Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final List<String> models;
    private final CountDownLatch closed = new CountDownLatch(1); // ends delays, so no handler outlives the test
    private volatile HttpServer server;
    private volatile List<String> tokens = List.of("Hello", " there");
    private volatile int maxModelLen = 4096;
    private volatile String apiKey;
    private volatile int failStatus;
    private volatile Duration firstByteDelay = Duration.ZERO;
    private volatile int breakAfterEvents = -1;
    private volatile CountDownLatch hold;

    private FakeOpenAiServer(List<String> models) {
        this.models = new CopyOnWriteArrayList<>(models);
        this.server = listen(0);
        this.port = server.getAddress().getPort();
    }

    /** A server that serves these models (at least one). */
    public static FakeOpenAiServer start(String... models) {
        if (models.length == 0) {
            throw new IllegalArgumentException("name at least one model");
        }
        return new FakeOpenAiServer(List.of(models));
    }

    /** The base URL, as a node's {@code url:} would name it (the routes are under /v1). */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    // --- steering ---------------------------------------------------------------------------------------------

    public FakeOpenAiServer tokens(String... newTokens) {
        this.tokens = List.of(newTokens);
        return this;
    }

    /** The context length /v1/models reports for every model. */
    public FakeOpenAiServer maxModelLen(int tokens) {
        this.maxModelLen = tokens;
        return this;
    }

    /** Like {@code vllm serve --api-key}: every /v1 request without {@code Authorization: Bearer <key>} gets 401. */
    public FakeOpenAiServer requireApiKey(String key) {
        this.apiKey = key;
        return this;
    }

    /** Stop listening: connections to the port are refused (and open ones closed) until {@link #acceptConnections}. */
    public FakeOpenAiServer refuseConnections() {
        HttpServer s = server;
        if (s != null) {
            server = null;
            s.stop(0);
        }
        return this;
    }

    /** Listen again, on the same port. */
    public FakeOpenAiServer acceptConnections() {
        if (server == null) {
            server = listen(port);
        }
        return this;
    }

    /** Answer every request (probes included) with this status and vLLM's error body, e.g. 503 or 429. */
    public FakeOpenAiServer failWith(int status) {
        return failWith(status, Integer.MAX_VALUE);
    }

    /** Answer the next {@code times} requests with this status, then answer normally again. */
    public FakeOpenAiServer failWith(int status, int times) {
        this.failStatus = status;
        this.failuresLeft.set(times);
        return this;
    }

    /** Stop failing: answer normally again. */
    public FakeOpenAiServer recover() {
        this.failuresLeft.set(0);
        return this;
    }

    /** Wait this long before the status line of an inference answer (not /v1/models or /health). */
    public FakeOpenAiServer delayFirstByte(Duration delay) {
        this.firstByteDelay = delay;
        return this;
    }

    /** Send this many events of a stream, then drop the connection without the end of the body, as a crash would. */
    public FakeOpenAiServer breakStreamAfter(int events) {
        this.breakAfterEvents = events;
        return this;
    }

    /** Hold inference answers (before their first byte) until {@link #release()}. */
    public FakeOpenAiServer holdAnswers() {
        this.hold = new CountDownLatch(1);
        return this;
    }

    public void release() {
        CountDownLatch h = hold;
        if (h != null) {
            h.countDown();
        }
    }

    // --- observing --------------------------------------------------------------------------------------------

    public List<FakeOllama.Received> received() {
        return Collections.unmodifiableList(new ArrayList<>(received));
    }

    public List<FakeOllama.Received> received(String path) {
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

    /** Inference answers being produced now (held or delayed ones included); it drops just after the last byte. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Waits (bounded) until no inference answer is being produced; true when none is. */
    public boolean awaitIdle() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return inFlight.get() == 0;
    }

    @Override
    public void close() {
        closed.countDown();
        release();
        refuseConnections();
    }

    // --- serving ----------------------------------------------------------------------------------------------

    private HttpServer listen(int onPort) {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 0);
            s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            s.createContext("/", this::handle);
            s.start();
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        String path = ex.getRequestURI().getRawPath();
        received.add(new FakeOllama.Received(ex.getRequestMethod(), path, Map.copyOf(ex.getRequestHeaders()), body));
        // Not try-with-resources: when a route throws, the JDK server drops the connection mid-body (a crash).
        new VllmAnswers(this, ex).answer(ex.getRequestMethod(), path, body);
        ex.close();
    }

    // Accessors for VllmAnswers (same package).

    List<String> models() {
        return models;
    }

    List<String> tokens() {
        return tokens;
    }

    int maxModelLen() {
        return maxModelLen;
    }

    String apiKey() {
        return apiKey;
    }

    int breakAfterEvents() {
        return breakAfterEvents;
    }

    /** The status to fail this request with, or 0 to answer it; counts the failure down. */
    int takeFailure() {
        return failuresLeft.getAndUpdate(n -> n == Integer.MAX_VALUE || n == 0 ? n : n - 1) > 0 ? failStatus : 0;
    }

    AtomicInteger inFlightCounter() {
        return inFlight;
    }

    /** Applies the configured delay and hold before an inference answer's first byte. */
    void beforeFirstByte() throws IOException {
        try {
            if (!firstByteDelay.isZero() && closed.await(firstByteDelay.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("closed while delaying the first byte");
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
}
