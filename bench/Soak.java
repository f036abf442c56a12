import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The soak's two halves, run by bench/soak in source-file mode:
 *   java Soak.java upstream PORT HANG_MS OUTAGE_EVERY_S   a fake Ollama (/v1 wire format) that injects faults
 *   java Soak.java load GATEWAY_URL GATEWAY_PID MINUTES RATE FAULT_RATE SEED
 * The load names each request's fault in an X-Soak-Fault header (the gateway forwards it); the upstream obeys it.
 * Every outcome is what the client saw; each request's task status is read back at the end and must agree.
 * Everything is on 127.0.0.1 and bounded in time.
 */
public class Soak {
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "upstream" -> new Upstream(Integer.parseInt(args[1]), Long.parseLong(args[2]),
                    Integer.parseInt(args[3])).run();
            case "load" -> System.exit(new Load(args[1], Long.parseLong(args[2]), Double.parseDouble(args[3]),
                    Integer.parseInt(args[4]), Double.parseDouble(args[5]), Long.parseLong(args[6])).run());
            default -> throw new IllegalArgumentException("upstream PORT HANG_MS OUTAGE_EVERY_S | load URL PID MINUTES "
                    + "RATE FAULT_RATE SEED");
        }
    }

    /** Faults the upstream can inject; "refused" is not among them: it comes from the upstream's outage windows. */
    enum Fault {
        NONE, RESET, ANSWER_503, SLOW_FIRST_BYTE, BREAK_MID_STREAM, NO_DONE, HANG;

        static final List<Fault> INJECTED = List.of(RESET, ANSWER_503, SLOW_FIRST_BYTE, BREAK_MID_STREAM, NO_DONE, HANG);

        String header() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Fault of(String header) {
            return header == null ? NONE : valueOf(header.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    // =========================================================================================================
    // The fault-injecting upstream: a raw HTTP/1.1 server, so it can reset, stall and cut connections at will.
    // =========================================================================================================

    static final class Upstream {
        static final String MODEL = "llama3.2:1b";
        static final int EVENTS = 8;
        final int port;
        final long hangMs;
        final int outageEverySeconds;
        final Set<Socket> open = ConcurrentHashMap.newKeySet();
        volatile ServerSocket listener;

        Upstream(int port, long hangMs, int outageEverySeconds) {
            this.port = port;
            this.hangMs = hangMs;
            this.outageEverySeconds = outageEverySeconds;
        }

        void run() throws Exception {
            listen();
            if (outageEverySeconds > 0) {
                Thread.ofVirtual().start(this::outages);
            }
            Thread.currentThread().join(); // until killed
        }

        void listen() throws IOException {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", port), 1024);
            listener = s;
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        Socket c = s.accept();
                        open.add(c);
                        Thread.ofVirtual().start(() -> serve(c));
                    }
                } catch (IOException closed) {
                    // the outage closed the listener
                }
            });
        }

        /** Like an Ollama restart: every connection dropped, then connection refused for a second. */
        void outages() {
            try {
                while (true) {
                    Thread.sleep(outageEverySeconds * 1000L);
                    listener.close();
                    for (Socket c : open) {
                        c.close();
                    }
                    Thread.sleep(1000);
                    listen();
                }
            } catch (Exception e) {
                System.err.println("upstream outage loop ended: " + e);
            }
        }

        void serve(Socket c) {
            try (c) {
                c.setTcpNoDelay(true);
                InputStream in = new BufferedInputStream(c.getInputStream());
                OutputStream out = c.getOutputStream();
                while (true) {
                    Http.Request req = Http.readRequest(in);
                    if (req == null) {
                        return;
                    }
                    if (!answer(c, req, out)) {
                        return;
                    }
                }
            } catch (IOException e) {
                // the gateway went away, or a fault cut the connection
            } finally {
                open.remove(c);
            }
        }

        /** Answers one request; false when the connection must end (a fault, or Connection: close). */
        boolean answer(Socket c, Http.Request req, OutputStream out) throws IOException {
            String route = req.method() + " " + req.path();
            switch (route) {
                case "GET /api/version" -> Http.json(out, 200, "{\"version\":\"0.32.15\"}");
                case "GET /api/tags" -> Http.json(out, 200, "{\"models\":[{\"name\":\"" + MODEL + "\",\"model\":\"" + MODEL
                        + "\",\"size\":1321098329}]}");
                case "GET /api/ps" -> Http.json(out, 200, "{\"models\":[]}");
                case "POST /api/generate" -> Http.json(out, 200, "{\"model\":\"" + MODEL + "\",\"created_at\":"
                        + "\"2026-12-01T10:00:00.000000000Z\",\"response\":\"\",\"done\":true,\"done_reason\":\"load\"}");
                case "POST /v1/chat/completions" -> {
                    return chat(c, req, out);
                }
                default -> Http.send(out, 404, "text/plain", "404 page not found".getBytes(StandardCharsets.UTF_8));
            }
            return !"close".equalsIgnoreCase(req.header("connection"));
        }

        boolean chat(Socket c, Http.Request req, OutputStream out) throws IOException {
            Fault fault = Fault.of(req.header("x-soak-fault"));
            boolean stream = req.body().contains("\"stream\":true");
            switch (fault) {
                case RESET -> {
                    c.setSoLinger(true, 0); // RST instead of FIN
                    c.close();
                    return false;
                }
                case HANG -> {
                    sleep(hangMs);
                    return false;
                }
                case ANSWER_503 -> {
                    // Ollama's own words when its queue is full (server/sched.go ErrMaxQueue)
                    Http.json(out, 503, "{\"error\":\"server busy, please try again.  maximum pending requests exceeded\"}");
                    return true;
                }
                case SLOW_FIRST_BYTE -> sleep(1000);
                default -> {
                }
            }
            if (!stream) {
                byte[] body = ("{\"id\":\"chatcmpl-431\",\"object\":\"chat.completion\",\"created\":1740569824,\"model\":\""
                        + MODEL + "\",\"system_fingerprint\":\"fp_ollama\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
                        + "\"assistant\",\"content\":\"Hello! How can I help?\"},\"finish_reason\":\"stop\"}],\"usage\":{"
                        + "\"prompt_tokens\":30,\"completion_tokens\":7,\"total_tokens\":37}}\n").getBytes(StandardCharsets.UTF_8);
                if (fault == Fault.BREAK_MID_STREAM) {
                    out.write(Http.head(200, "application/json", "Content-Length: " + body.length));
                    out.write(body, 0, body.length / 2);
                    out.flush();
                    c.close();
                    return false;
                }
                Http.send(out, 200, "application/json", body);
                return true;
            }
            out.write(Http.head(200, "text/event-stream", "Transfer-Encoding: chunked"));
            out.flush();
            String head = "{\"id\":\"chatcmpl-981\",\"object\":\"chat.completion.chunk\",\"created\":1740569824,\"model\":\""
                    + MODEL + "\",\"system_fingerprint\":\"fp_ollama\",\"choices\":";
            for (int i = 0; i < EVENTS; i++) {
                if (fault == Fault.BREAK_MID_STREAM && i == 2) {
                    c.close(); // a crashed runner: no last chunk
                    return false;
                }
                String delta = i == 0 ? "{\"role\":\"assistant\",\"content\":\"tok\"}" : "{\"content\":\"tok\"}";
                Http.chunk(out, "data: " + head + "[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":null}]}\n\n");
                sleep(20);
            }
            Http.chunk(out, "data: " + head + "[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
            if (fault != Fault.NO_DONE) {
                Http.chunk(out, "data: [DONE]\n\n");
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return true;
        }
    }

    // =========================================================================================================
    // The load: a fixed rate of chat requests, each with its own task id and, at the fault rate, a named fault.
    // =========================================================================================================

    /** What the client saw. Only "success" may end as a SUCCESS task; everything else must be FAILED. */
    enum Outcome {
        SUCCESS, UPSTREAM_ERROR, GATEWAY_REFUSED, BROKEN_STREAM, STREAM_WITHOUT_DONE, TRUNCATED_BODY, CLIENT_ABANDONED,
        NO_ANSWER;

        String expectedState() {
            return this == SUCCESS ? "SUCCESS" : "FAILED";
        }
    }

    record Sent(String taskId, boolean stream, Fault fault, boolean abandon, Outcome outcome, String code) {
    }

    static final class Load {
        static final List<String> STATES = List.of("SUCCESS", "FAILED", "PENDING", "RUNNING", "missing");
        final String base;
        final int port;
        final long pid;
        final double minutes;
        final int rate;
        final double faultRate;
        final long seed;
        final AtomicInteger inFlight = new AtomicInteger();
        final ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();

        Load(String base, long pid, double minutes, int rate, double faultRate, long seed) {
            this.base = base;
            this.port = Integer.parseInt(base.replaceAll(".*:(\\d+)/?$", "$1"));
            this.pid = pid;
            this.minutes = minutes;
            this.rate = rate;
            this.faultRate = faultRate;
            this.seed = seed;
        }

        int run() throws Exception {
            System.out.printf("soak: %.1f min at %d req/s, fault rate %.2f, seed %d, gateway pid %d%n", minutes, rate,
                    faultRate, seed, pid);
            Random random = new Random(seed);
            long interval = 1_000_000_000L / rate;
            long start = System.nanoTime();
            long total = (long) (minutes * 60 * rate);
            long nextReport = start + 10_000_000_000L;
            ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
            for (long i = 0; i < total; i++) {
                long due = start + i * interval;
                while (System.nanoTime() < due) {
                    if (System.nanoTime() >= nextReport) {
                        report(start);
                        nextReport += 10_000_000_000L;
                    }
                    long wait = Math.min(due, nextReport) - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
                boolean stream = random.nextBoolean();
                Fault fault = random.nextDouble() < faultRate
                        ? Fault.INJECTED.get(random.nextInt(Fault.INJECTED.size())) : Fault.NONE;
                boolean abandon = fault == Fault.NONE && random.nextDouble() < 0.05;
                if (abandon && !stream) {
                    fault = Fault.SLOW_FIRST_BYTE; // leave while the answer is still on its way
                }
                String taskId = "soak-" + seed + "-" + i;
                Fault f = fault;
                inFlight.incrementAndGet();
                clients.submit(() -> {
                    try {
                        sent.add(Client.chat(port, taskId, stream, f, abandon));
                    } finally {
                        inFlight.decrementAndGet();
                    }
                });
            }
            System.out.printf("soak: sent %d requests; waiting for the last ones%n", total);
            long drainUntil = System.nanoTime() + 30_000_000_000L;
            while (inFlight.get() > 0 && System.nanoTime() < drainUntil) {
                Thread.sleep(100);
            }
            report(start);
            Thread.sleep(1_000); // the gateway finishes a task just after the client saw the end
            return summary();
        }

        void report(long start) {
            System.out.printf("t=%4ds  RSS %6.1f MiB  in flight %4d  slots in use %s  done %d%n",
                    (System.nanoTime() - start) / 1_000_000_000L, rssKb() / 1024.0, inFlight.get(), slotsInUse(),
                    sent.size());
        }

        int summary() throws Exception {
            List<Sent> all = new ArrayList<>(sent);
            String slots = slotsInUse();
            System.out.printf("%nslots in use at the end: %s%n", slots);

            Map<String, String> states = new ConcurrentHashMap<>();
            Map<String, String> messages = new ConcurrentHashMap<>();
            Semaphore parallel = new Semaphore(16);
            try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
                for (Sent s : all) {
                    parallel.acquire();
                    readers.submit(() -> {
                        try {
                            Client.Answer a = Client.get(port, "/tasks/status/" + s.taskId());
                            String state = a == null || a.status() != 200 ? "missing" : field(a.text(), "state");
                            states.put(s.taskId(), state);
                            messages.put(s.taskId(), a == null ? "" : String.valueOf(field(a.text(), "message")));
                        } catch (IOException e) {
                            states.put(s.taskId(), "missing");
                        } finally {
                            parallel.release();
                        }
                    });
                }
            }

            Map<Outcome, Map<String, Integer>> table = new TreeMap<>();
            Map<String, Integer> taskStates = new TreeMap<>();
            Map<String, Integer> byOutcome = new TreeMap<>();
            Map<String, Integer> codes = new TreeMap<>();
            Map<String, Integer> taskMessages = new TreeMap<>();
            Map<String, Map<String, Integer>> faults = new TreeMap<>();
            Map<String, String> mismatchExample = new TreeMap<>();
            int mismatches = 0;
            for (Sent s : all) {
                String state = states.getOrDefault(s.taskId(), "missing");
                table.computeIfAbsent(s.outcome(), k -> new TreeMap<>()).merge(state, 1, Integer::sum);
                taskStates.merge(state, 1, Integer::sum);
                byOutcome.merge(s.outcome().name().toLowerCase(Locale.ROOT), 1, Integer::sum);
                if (s.code() != null) {
                    codes.merge(s.code(), 1, Integer::sum);
                }
                if ("FAILED".equals(state)) {
                    taskMessages.merge(messages.getOrDefault(s.taskId(), ""), 1, Integer::sum);
                }
                String kind = s.fault().header() + (s.abandon() ? "+abandon" : "") + (s.stream() ? " (stream)" : "");
                faults.computeIfAbsent(kind, k -> new TreeMap<>()).merge(s.outcome().name().toLowerCase(Locale.ROOT), 1,
                        Integer::sum);
                if (!state.equals(s.outcome().expectedState())) {
                    mismatches++;
                    mismatchExample.putIfAbsent(s.outcome() + " -> " + state, s.taskId() + " (" + kind + ", "
                            + (s.code() == null ? "no code" : s.code()) + ")");
                }
            }

            System.out.printf("requests sent: %d; by client-observed outcome: %s%n", all.size(), byOutcome);
            System.out.printf("tasks by state: %s%n%n", taskStates);
            System.out.printf("%-22s %8s %8s %8s %8s %8s %8s %10s%n", "outcome \\ task state", "SUCCESS", "FAILED",
                    "PENDING", "RUNNING", "missing", "expected", "mismatches");
            for (Map.Entry<Outcome, Map<String, Integer>> row : table.entrySet()) {
                Map<String, Integer> r = row.getValue();
                int wrong = r.entrySet().stream().filter(e -> !e.getKey().equals(row.getKey().expectedState()))
                        .mapToInt(Map.Entry::getValue).sum();
                System.out.printf("%-22s %8d %8d %8d %8d %8d %8s %10d%n", row.getKey().name().toLowerCase(Locale.ROOT),
                        r.getOrDefault("SUCCESS", 0), r.getOrDefault("FAILED", 0), r.getOrDefault("PENDING", 0),
                        r.getOrDefault("RUNNING", 0), r.getOrDefault("missing", 0), row.getKey().expectedState(), wrong);
            }
            System.out.printf("%nmismatch examples (outcome -> task state: task id):%n");
            mismatchExample.forEach((k, v) -> System.out.printf("  %s: %s%n", k, v));
            System.out.printf("%nerrors by kind (codes the client saw, status or SSE error event): %s%n", codes);
            System.out.printf("FAILED tasks by message: %s%n", taskMessages);
            System.out.printf("%ninjected fault -> client-observed outcome:%n");
            faults.forEach((k, v) -> System.out.printf("  %-30s %s%n", k, v));
            boolean slotsFree = slots.equals("0");
            System.out.printf("%nresult: %d mismatches, slots in use %s -> %s%n", mismatches, slots,
                    mismatches == 0 && slotsFree ? "PASS" : "FAIL");
            return mismatches == 0 && slotsFree ? 0 : 1;
        }

        String slotsInUse() {
            try {
                Client.Answer a = Client.get(port, "/metrics");
                Matcher m = Pattern.compile("(?m)^aistack_gpu_slots_in_use(?:\\{[^}]*})? ([0-9.eE+-]+)").matcher(a.text());
                return m.find() ? String.valueOf((long) Double.parseDouble(m.group(1))) : "?";
            } catch (Exception e) {
                return "? (" + e.getMessage() + ")";
            }
        }

        long rssKb() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (IOException e) {
                // the gateway is gone: reported as -1
            }
            return -1;
        }
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(?:\"([^\"]*)\"|(null))").matcher(json);
        return m.find() ? (m.group(1) != null ? m.group(1) : "null") : null;
    }

    // =========================================================================================================
    // The client: raw sockets, so leaving early is exact (close the socket) and nothing is pooled or retried.
    // =========================================================================================================

    static final class Client {
        record Answer(int status, Map<String, String> headers, byte[] body) {
            String text() {
                return new String(body, StandardCharsets.UTF_8);
            }
        }

        static Answer get(int port, String path) throws IOException {
            try (Socket s = connect(port)) {
                s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                InputStream in = new BufferedInputStream(s.getInputStream());
                Http.Response r = Http.readResponse(in);
                return new Answer(r.status(), r.headers(), Http.readBody(in, r.headers()));
            }
        }

        static Sent chat(int port, String taskId, boolean stream, Fault fault, boolean abandon) {
            byte[] body = ("{\"model\":\"llama3.2:1b\"," + (stream ? "\"stream\":true," : "")
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").getBytes(StandardCharsets.UTF_8);
            String head = "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\nX-Task-Id: " + taskId + "\r\n"
                    + (fault == Fault.NONE ? "" : "X-Soak-Fault: " + fault.header() + "\r\n")
                    + "Content-Length: " + body.length + "\r\n\r\n";
            try (Socket s = connect(port)) {
                OutputStream out = s.getOutputStream();
                out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
                InputStream in = new BufferedInputStream(s.getInputStream());
                if (abandon && !stream) {
                    Thread.sleep(300); // the answer is slow (1 s): leave before it
                    return new Sent(taskId, false, fault, true, Outcome.CLIENT_ABANDONED, null);
                }
                Http.Response r = Http.readResponse(in);
                if (r.status() != 200) {
                    String code = field(new String(Http.readBody(in, r.headers()), StandardCharsets.UTF_8), "code");
                    boolean gateway = code != null && !code.equals("null");
                    return new Sent(taskId, stream, fault, false, gateway && r.status() < 500 ? Outcome.GATEWAY_REFUSED
                            : Outcome.UPSTREAM_ERROR, gateway ? code : "relayed " + r.status());
                }
                if (!stream) {
                    try {
                        String text = new String(Http.readBody(in, r.headers()), StandardCharsets.UTF_8);
                        return new Sent(taskId, false, fault, false, text.contains("\"choices\"") ? Outcome.SUCCESS
                                : Outcome.TRUNCATED_BODY, null);
                    } catch (IOException e) {
                        return new Sent(taskId, false, fault, false, Outcome.TRUNCATED_BODY, "client saw " + e.getClass()
                                .getSimpleName());
                    }
                }
                return readStream(taskId, fault, abandon, in, r);
            } catch (IOException e) {
                return new Sent(taskId, stream, fault, abandon, Outcome.NO_ANSWER, "client saw " + e.getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Sent(taskId, stream, fault, abandon, Outcome.NO_ANSWER, "interrupted");
            }
        }

        static Sent readStream(String taskId, Fault fault, boolean abandon, InputStream in, Http.Response r) {
            StringBuilder seen = new StringBuilder();
            try {
                Http.ChunkReader chunks = new Http.ChunkReader(in, r.headers());
                for (byte[] chunk = chunks.next(); chunk != null; chunk = chunks.next()) {
                    seen.append(new String(chunk, StandardCharsets.UTF_8));
                    if (abandon && seen.indexOf("\n\n") >= 0) {
                        return new Sent(taskId, true, fault, true, Outcome.CLIENT_ABANDONED, null); // closes the socket
                    }
                }
            } catch (IOException e) {
                return broken(taskId, fault, seen, "client saw " + e.getClass().getSimpleName());
            }
            if (seen.indexOf("data: [DONE]") >= 0) {
                return new Sent(taskId, true, fault, false, Outcome.SUCCESS, null);
            }
            return broken(taskId, fault, seen, null);
        }

        /** A stream without its terminator: with the gateway's error event (broken), or ended cleanly without one. */
        static Sent broken(String taskId, Fault fault, CharSequence seen, String fallback) {
            String code = field(seen.toString(), "code");
            if (code != null && !code.equals("null")) {
                return new Sent(taskId, true, fault, false, Outcome.BROKEN_STREAM, code);
            }
            return new Sent(taskId, true, fault, false, fallback == null ? Outcome.STREAM_WITHOUT_DONE
                    : Outcome.BROKEN_STREAM, fallback);
        }

        static Socket connect(int port) throws IOException {
            Socket s = new Socket();
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setSoTimeout(30_000);
            return s;
        }
    }

    // =========================================================================================================
    // HTTP/1.1 framing shared by both halves: just enough to read a head, a Content-Length or chunked body.
    // =========================================================================================================

    static final class Http {
        record Request(String method, String path, Map<String, String> headers, String body) {
            String header(String name) {
                return headers.get(name);
            }
        }

        record Response(int status, Map<String, String> headers) {
        }

        static Request readRequest(InputStream in) throws IOException {
            String line = line(in, true);
            if (line == null) {
                return null;
            }
            String[] parts = line.split(" ");
            Map<String, String> headers = headers(in);
            byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
            String path = parts[1].contains("?") ? parts[1].substring(0, parts[1].indexOf('?')) : parts[1];
            return new Request(parts[0], path, headers, new String(body, StandardCharsets.UTF_8));
        }

        static Response readResponse(InputStream in) throws IOException {
            String line = line(in, false);
            return new Response(Integer.parseInt(line.split(" ")[1]), headers(in));
        }

        static byte[] readBody(InputStream in, Map<String, String> headers) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ChunkReader chunks = new ChunkReader(in, headers);
            for (byte[] c = chunks.next(); c != null; c = chunks.next()) {
                out.writeBytes(c);
            }
            return out.toByteArray();
        }

        /** The body as it arrives: one chunk at a time, or the Content-Length bytes, or up to the close. */
        static final class ChunkReader {
            final InputStream in;
            final boolean chunked;
            long remaining;
            boolean done;

            ChunkReader(InputStream in, Map<String, String> headers) {
                this.in = in;
                this.chunked = headers.getOrDefault("transfer-encoding", "").contains("chunked");
                this.remaining = Long.parseLong(headers.getOrDefault("content-length", "-1"));
            }

            byte[] next() throws IOException {
                if (done) {
                    return null;
                }
                if (chunked) {
                    String size = line(in, false);
                    int n = Integer.parseInt(size.split(";")[0].trim(), 16);
                    if (n == 0) {
                        line(in, false);
                        done = true;
                        return null;
                    }
                    byte[] b = in.readNBytes(n);
                    if (b.length < n) {
                        throw new EOFException("chunk cut short");
                    }
                    line(in, false);
                    return b;
                }
                if (remaining >= 0) {
                    byte[] b = in.readNBytes((int) remaining);
                    done = true;
                    if (b.length < remaining) {
                        throw new EOFException("body cut short: " + b.length + " of " + remaining);
                    }
                    return b;
                }
                done = true;
                return in.readAllBytes();
            }
        }

        static Map<String, String> headers(InputStream in) throws IOException {
            Map<String, String> headers = new TreeMap<>();
            for (String h = line(in, false); !h.isEmpty(); h = line(in, false)) {
                int colon = h.indexOf(':');
                headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
            }
            return headers;
        }

        static String line(InputStream in, boolean endOk) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            while (true) {
                int ch;
                try {
                    ch = in.read();
                } catch (SocketException e) {
                    if (endOk && b.size() == 0) {
                        return null;
                    }
                    throw e;
                }
                if (ch < 0) {
                    if (endOk && b.size() == 0) {
                        return null;
                    }
                    throw new EOFException("connection ended mid-line");
                }
                if (ch == '\n') {
                    String s = b.toString(StandardCharsets.ISO_8859_1);
                    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
                }
                b.write(ch);
            }
        }

        static byte[] head(int status, String contentType, String framing) {
            String reason = switch (status) {
                case 200 -> "OK";
                case 404 -> "Not Found";
                case 503 -> "Service Unavailable";
                default -> "Status";
            };
            return ("HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: " + contentType + "\r\n" + framing
                    + "\r\nDate: Tue, 01 Dec 2026 10:00:00 GMT\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        }

        static void json(OutputStream out, int status, String body) throws IOException {
            send(out, status, "application/json; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
        }

        static void send(OutputStream out, int status, String contentType, byte[] body) throws IOException {
            out.write(head(status, contentType, "Content-Length: " + body.length));
            out.write(body);
            out.flush();
        }

        static void chunk(OutputStream out, String data) throws IOException {
            byte[] b = data.getBytes(StandardCharsets.UTF_8);
            out.write((Integer.toHexString(b.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(b);
            out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
