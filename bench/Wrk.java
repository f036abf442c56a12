import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Throughput at saturation with Debian's wrk: one thread (it shares the load core with the fake upstream),
 * N keep-alive connections in a closed loop posting a small non-streaming chat. A run with any error or
 * non-2xx answer is reported as failed rather than as a number.
 */
final class Wrk {
    /** Requests per second, and how busy the proxy's core was meanwhile (1.0 = the whole core). */
    record Result(double requestsPerSecond, double proxyCpu) {
    }

    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile("Socket errors: (.*)");

    private final Path script;

    Wrk(Path dir, String chatJson) throws IOException {
        this.script = Files.writeString(dir.resolve("chat.lua"), """
                wrk.method = "POST"
                wrk.headers["Content-Type"] = "application/json"
                wrk.body = '%s'
                """.formatted(chatJson));
    }

    Result run(Stack.Target target, int connections, int seconds) throws Exception {
        double cpuBefore = ProcStats.cpuSeconds(target.pid());
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder("wrk", "-t1", "-c" + connections, "-d" + seconds + "s", "--timeout", "5s",
                "-s", script.toString(), "http://127.0.0.1:" + target.port() + "/v1/chat/completions")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (ProcStats.cpuSeconds(target.pid()) - cpuBefore) / wall;
        Matcher rps = RPS.matcher(out);
        if (!rps.find()) {
            throw new IllegalStateException("wrk gave no Requests/sec against " + target.name() + ":\n" + out);
        }
        Matcher non2xx = NON_2XX.matcher(out);
        Matcher errors = SOCKET_ERRORS.matcher(out);
        if (non2xx.find() || errors.find()) {
            throw new IllegalStateException("wrk saw failures against " + target.name() + ":\n" + out);
        }
        return new Result(Double.parseDouble(rps.group(1)), cpu);
    }
}
