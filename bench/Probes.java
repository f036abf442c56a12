import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The latency figures, measured over persistent connections with {@link HttpConn}. Every answer is checked
 * (status, and for streams every event and the closing [DONE]): a wrong answer ends the run instead of
 * becoming a fast sample.
 */
final class Probes {
    static final String CHAT = "{\"model\":\"llama3.2:1b\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    static final String STREAM = "{\"model\":\"llama3.2:1b\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    static final int STREAM_EVENTS = 50;

    private static final byte[] CHAT_REQUEST = HttpConn.post("/v1/chat/completions", CHAT);
    private static final byte[] STREAM_REQUEST = HttpConn.post("/v1/chat/completions", STREAM);

    private Probes() {
    }

    /** p50 and p99 in ms. */
    record Percentiles(double p50, double p99) {
    }

    /**
     * Open loop at a fixed rate, as wrk2 does: each connection has its own schedule (rate / connections, staggered)
     * and a request's latency counts from its intended send time, so a stall is charged to every request it
     * delayed (coordinated omission corrected). The wait before a send ends in a short spin so that timer slack
     * does not delay the send itself.
     */
    static Percentiles fixedRate(int port, int perSecond, int seconds, int connections) throws Exception {
        long interval = 1_000_000_000L * connections / perSecond;
        long perConnection = (long) seconds * perSecond / connections;
        long start = System.nanoTime() + 50_000_000L;
        long[][] latencies = new long[connections][(int) perConnection];
        List<Thread> threads = new ArrayList<>();
        AtomicInteger failures = new AtomicInteger();
        for (int c = 0; c < connections; c++) {
            int conn = c;
            long first = start + interval * c / connections;
            threads.add(Thread.ofPlatform().start(() -> {
                try (HttpConn http = new HttpConn(port, 10_000)) {
                    for (int i = 0; i < perConnection; i++) {
                        long intended = first + i * interval;
                        waitUntil(intended);
                        HttpConn.Response r = http.exchange(CHAT_REQUEST);
                        expectChat(r);
                        latencies[conn][i] = r.endNanos() - intended;
                    }
                } catch (Exception e) {
                    failures.incrementAndGet();
                    System.err.println("fixed rate to port " + port + ": " + e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failures.get() > 0) {
            throw new IllegalStateException("fixed-rate run had failed connections");
        }
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        return new Percentiles(percentile(all, 0.50), percentile(all, 0.99));
    }

    /** Sequential streams on one reused connection: median time to the first body byte and to the end, in ms. */
    static double[] streams(int port, int samples) throws IOException {
        long[] first = new long[samples];
        long[] total = new long[samples];
        try (HttpConn http = new HttpConn(port, 10_000)) {
            for (int i = 0; i < 20; i++) { // the connection is made and used before any sample counts
                expectStream(http.exchange(STREAM_REQUEST), STREAM_EVENTS);
            }
            for (int i = 0; i < samples; i++) {
                long t0 = System.nanoTime();
                HttpConn.Response r = http.exchange(STREAM_REQUEST);
                expectStream(r, STREAM_EVENTS);
                first[i] = r.firstByteNanos() - t0;
                total[i] = r.endNanos() - t0;
            }
        }
        Arrays.sort(first);
        Arrays.sort(total);
        return new double[]{percentile(first, 0.5), percentile(total, 0.5)};
    }

    /** What the open-streams figure saw. */
    record SlowStreams(int ok, int failed, int peakOpen, double peakRssMib, String firstFailure) {
    }

    /**
     * {@code count} concurrent streams of {@code events} events one second apart, each on its own connection,
     * opened at {@code perSecond}; samples the proxy's RSS while they are open.
     */
    static SlowStreams slowStreams(Stack.Target target, int count, int events, int perSecond) throws Exception {
        byte[] request = HttpConn.post("/v1/chat/completions",
                STREAM.replace("llama3.2:1b", "slow-" + events));
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger open = new AtomicInteger();
        AtomicInteger peakOpen = new AtomicInteger();
        AtomicLong peakRssKb = new AtomicLong();
        ConcurrentHashMap<String, Integer> failures = new ConcurrentHashMap<>();
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peakRssKb.accumulateAndGet((long) (ProcStats.rssMib(target.pid()) * 1024), Math::max);
                LockSupport.parkNanos(200_000_000L);
            }
        });
        long start = System.nanoTime();
        List<Thread> clients = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            waitUntil(start + 1_000_000_000L * i / perSecond);
            clients.add(Thread.ofVirtual().start(() -> {
                peakOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
                try (HttpConn http = new HttpConn(target.port(), (events + 30) * 1000)) {
                    expectStream(http.exchange(request), events);
                    ok.incrementAndGet();
                } catch (Exception e) {
                    failed.incrementAndGet();
                    failures.merge(String.valueOf(e.getMessage()), 1, Integer::sum);
                } finally {
                    open.decrementAndGet();
                }
            }));
        }
        for (Thread t : clients) {
            t.join();
        }
        sampler.interrupt();
        return new SlowStreams(ok.get(), failed.get(), peakOpen.get(), peakRssKb.get() / 1024.0,
                failures.isEmpty() ? "" : failures.toString());
    }

    private static void expectChat(HttpConn.Response r) {
        if (r.status() != 200 || !r.text().contains("\"chat.completion\"")) {
            throw new IllegalStateException("unexpected chat answer " + r.status() + ": " + r.text());
        }
    }

    private static void expectStream(HttpConn.Response r, int events) {
        String text = r.text();
        int seen = text.split("data: \\{", -1).length - 1;
        if (r.status() != 200 || seen != events || !text.endsWith("data: [DONE]\n\n")) {
            throw new IllegalStateException("unexpected stream " + r.status() + " with " + seen + " events: "
                    + text.substring(Math.max(0, text.length() - 300)));
        }
    }

    private static void waitUntil(long deadline) {
        for (long left = deadline - System.nanoTime(); left > 200_000; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left - 150_000);
        }
        while (System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    private static double percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
}
