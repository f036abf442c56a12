import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark's two halves, run by bench/run in source-file mode:
 *   java Bench.java upstream PORT          a fast fake Ollama on 127.0.0.1 (answers at once)
 *   java Bench.java load DIRECT THROUGH PID   measures both URLs and the gateway's memory, prints a table
 * Every loop is bounded in time; everything stays on loopback.
 */
public class Bench {
    static final String CHAT = "{\"model\":\"llama3.2:1b\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    static final String STREAM = "{\"model\":\"llama3.2:1b\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    static final byte[] ANSWER = ("{\"id\":\"chatcmpl-431\",\"object\":\"chat.completion\",\"created\":1740569824,\"model\":"
            + "\"llama3.2:1b\",\"system_fingerprint\":\"fp_ollama\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
            + "\"assistant\",\"content\":\"Hello! How can I help?\"},\"finish_reason\":\"stop\"}],\"usage\":{"
            + "\"prompt_tokens\":30,\"completion_tokens\":17,\"total_tokens\":47}}\n").getBytes(StandardCharsets.UTF_8);
    static final String CHUNK = "data: {\"id\":\"chatcmpl-981\",\"object\":\"chat.completion.chunk\",\"created\":1740569824,"
            + "\"model\":\"llama3.2:1b\",\"system_fingerprint\":\"fp_ollama\",\"choices\":[{\"index\":0,\"delta\":{\"content\":"
            + "\"tok\"},\"finish_reason\":null}]}\n\n";

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "upstream" -> upstream(Integer.parseInt(args[1]));
            case "load" -> load(args[1], args[2], Long.parseLong(args[3]));
            default -> throw new IllegalArgumentException("upstream PORT | load DIRECT THROUGH GATEWAY_PID");
        }
    }

    // --- the fake upstream -------------------------------------------------------------------------------------

    static void upstream(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", Bench::answer);
        server.start();
    }

    static void answer(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        String path = ex.getRequestURI().getPath();
        try (ex) {
            if (path.equals("/v1/chat/completions") && new String(body, StandardCharsets.UTF_8).contains("\"stream\":true")) {
                ex.getResponseHeaders().set("Content-Type", "text/event-stream");
                ex.sendResponseHeaders(200, 0);
                OutputStream out = ex.getResponseBody();
                for (int i = 0; i < 20; i++) {
                    out.write(CHUNK.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            byte[] reply = switch (path) {
                case "/v1/chat/completions" -> ANSWER;
                case "/api/generate" -> "{\"model\":\"llama3.2:1b\",\"created_at\":\"2026-11-23T10:00:00Z\",\"response\":\"\",\"done\":true,\"done_reason\":\"load\"}".getBytes(StandardCharsets.UTF_8);
                case "/api/version" -> "{\"version\":\"0.32.15\"}".getBytes(StandardCharsets.UTF_8);
                default -> "{\"models\":[]}".getBytes(StandardCharsets.UTF_8);
            };
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, reply.length);
            ex.getResponseBody().write(reply);
        }
    }

    // --- the load ----------------------------------------------------------------------------------------------

    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newVirtualThreadPerTaskExecutor()).connectTimeout(Duration.ofSeconds(5)).build();

    static void load(String direct, String through, long gatewayPid) throws Exception {
        long idleRss = rssKb(gatewayPid);
        System.out.printf("warming up...%n");
        saturate(direct, 8, Duration.ofSeconds(3));
        saturate(through, 8, Duration.ofSeconds(3));
        System.out.printf("%-34s %14s %14s %12s%n", "", "direct", "through", "added");
        double rpsDirect = saturate(direct, 32, Duration.ofSeconds(10));
        double rpsThrough = saturate(through, 32, Duration.ofSeconds(10));
        long loadedRss = rssKb(gatewayPid);
        row("requests/s at saturation (32 conn)", rpsDirect, rpsThrough, "%.0f");
        double[] d = fixedRate(direct, 200, Duration.ofSeconds(10));
        double[] t = fixedRate(through, 200, Duration.ofSeconds(10));
        row("latency p50 at 200 req/s (ms)", d[0], t[0], "%.3f");
        row("latency p99 at 200 req/s (ms)", d[1], t[1], "%.3f");
        double ttfbDirect = timeToFirstByte(direct, 300);
        double ttfbThrough = timeToFirstByte(through, 300);
        row("stream time to first byte p50 (ms)", ttfbDirect, ttfbThrough, "%.3f");
        System.out.printf("%-34s %14s %14s%n", "gateway RSS idle / after load (MiB)", "", String.format("%.0f / %.0f",
                idleRss / 1024.0, loadedRss / 1024.0));
    }

    static void row(String name, double direct, double through, String format) {
        System.out.printf("%-34s %14s %14s %12s%n", name, String.format(format, direct), String.format(format, through),
                String.format(format, through - direct));
    }

    static HttpRequest chat(String base, String body) {
        return HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** Closed loop: each connection sends its next request when the last one is answered. */
    static double saturate(String base, int connections, Duration length) throws Exception {
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + length.toNanos();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            workers.add(Thread.ofVirtual().start(() -> {
                while (System.nanoTime() < end) {
                    try {
                        HttpResponse<byte[]> r = CLIENT.send(chat(base, CHAT), HttpResponse.BodyHandlers.ofByteArray());
                        if (r.statusCode() == 200) {
                            done.incrementAndGet();
                        }
                    } catch (Exception e) {
                        return;
                    }
                }
            }));
        }
        for (Thread w : workers) {
            w.join();
        }
        return done.get() / (length.toNanos() / 1e9);
    }

    /** Open loop: requests leave on a fixed schedule whatever the answers do; returns p50 and p99 in ms. */
    static double[] fixedRate(String base, int perSecond, Duration length) throws Exception {
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        long interval = 1_000_000_000L / perSecond;
        long start = System.nanoTime();
        long count = length.toNanos() / interval;
        List<Thread> sent = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            sent.add(Thread.ofVirtual().start(() -> {
                long t0 = System.nanoTime();
                try {
                    CLIENT.send(chat(base, CHAT), HttpResponse.BodyHandlers.ofByteArray());
                    latencies.add(System.nanoTime() - t0);
                } catch (Exception ignored) {
                    // counted as missing
                }
            }));
        }
        for (Thread t : sent) {
            t.join();
        }
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new double[]{sorted.get(sorted.size() / 2) / 1e6, sorted.get((int) (sorted.size() * 0.99)) / 1e6};
    }

    /** Sequential streams: time from sending to the first byte of the body. */
    static double timeToFirstByte(String base, int samples) throws Exception {
        List<Long> ttfb = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            long t0 = System.nanoTime();
            HttpResponse<InputStream> r = CLIENT.send(chat(base, STREAM), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                in.read();
                ttfb.add(System.nanoTime() - t0);
                in.readAllBytes();
            }
        }
        Collections.sort(ttfb);
        return ttfb.get(ttfb.size() / 2) / 1e6;
    }

    static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
