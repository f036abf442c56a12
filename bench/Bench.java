import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The side-by-side benchmark (bench/run compiles and starts this on the load core). The same figures for
 * direct (client to the fake Ollama), nginx (the reference proxy), the floor (bench/Floor.java) and aistack, in
 * interleaved runs, then the table of medians with the ratios the targets are set in. A benchmark, not a test:
 * CI does not run it.
 *
 *   Bench --java J --jar target/aistack.jar --jvm-options bin/jvm.options [--quick] [--runs N]
 *         [--streams N] [--jvm-flag F]... [--jfr]
 */
public final class Bench {
    static final String GATEWAY = "aistack";
    static final String REDIS = "aistack+redis";

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        Path dir = Files.createTempDirectory("aistack-bench-");
        System.out.printf("run directory %s (configs and logs)%n", dir);
        try (Stack stack = new Stack(dir)) {
            run(o, stack, dir);
        }
    }

    private static void run(Options o, Stack stack, Path dir) throws Exception {
        Stack.Target direct = stack.upstream();
        Stack.Target nginx = stack.referenceProxy(direct.port());
        List<String> flags = new ArrayList<>(o.jvmFlags);
        if (o.jfr) {
            flags.add("-XX:StartFlightRecording=filename=" + dir.resolve("aistack.jfr") + ",settings=profile,dumponexit=true");
        }
        Stack.Target floor = stack.floor(o.java, o.jar, o.jvmOptions, direct.port());
        Stack.Target aistack = stack.gateway(GATEWAY, o.java, o.jar, o.jvmOptions, flags, direct.port(), null);
        Stack.Target redis = stack.gateway(REDIS, o.java, o.jar, o.jvmOptions, o.jvmFlags, direct.port(),
                stack.redis());
        Thread.sleep(6_000); // let start-up work settle before the idle figure (the native heap is trimmed every 5 s)
        double idleRss = ProcStats.rssMib(aistack.pid());

        Report report = new Report();
        String rps = "throughput, 64 conn, req/s";
        String busy = "  proxy core busy, %";
        String p50 = "p50 at 200 req/s, ms";
        String p99 = "p99 at 200 req/s, ms";
        String p50r = "p50 at 200 req/s, Redis store";
        String p99r = "p99 at 200 req/s, Redis store";
        String ttfb = "stream first byte, ms";
        String total = "stream of 50 events, total ms";
        report.row(rps, Report.Kind.RATIO, "≥ 0.5× nginx");
        report.row(busy, Report.Kind.INFO, "");
        report.row(p50, Report.Kind.ADDED, "≤ +0.2 ms");
        report.row(p99, Report.Kind.ADDED, "≤ +0.5 ms");
        report.row(p50r, Report.Kind.ADDED, "≤ +0.2 ms");
        report.row(p99r, Report.Kind.ADDED, "≤ +0.5 ms");
        report.row(ttfb, Report.Kind.ADDED, "≤ +0.3 ms");
        report.row(total, Report.Kind.ADDED, "≤ +0.5 ms");

        Wrk wrk = new Wrk(dir, Probes.CHAT);
        System.out.println("warming up (JIT) ...");
        wrk.run(nginx, 64, o.warmSeconds);
        Probes.streams(nginx.port(), 200);
        warmUntilCompiled(wrk, floor, o);
        warmUntilCompiled(wrk, aistack, o);
        warmUntilCompiled(wrk, redis, o);
        for (Stack.Target t : List.of(direct, nginx, floor, aistack, redis)) { // Redis only in the fixed-rate figure
            Probes.fixedRate(t.port(), 200, o.warmSeconds, 4);
        }

        List<Stack.Target> proxies = List.of(direct, nginx, floor, aistack);
        List<Stack.Target> withRedis = List.of(direct, nginx, floor, aistack, redis);
        for (int run = 0; run < o.runs; run++) {
            System.out.printf("run %d of %d%n", run + 1, o.runs);
            for (Stack.Target t : rotated(proxies, run)) {
                Wrk.Result r = wrk.run(t, 64, o.seconds);
                report.add(rps, t.name(), r.requestsPerSecond());
                if (t != direct) {
                    report.add(busy, t.name(), 100 * r.proxyCpu());
                }
            }
            for (Stack.Target t : rotated(withRedis, run)) {
                Probes.Percentiles p = Probes.fixedRate(t.port(), 200, o.seconds, 4);
                boolean store = t == redis;
                report.add(store ? p50r : p50, t.name(), p.p50());
                report.add(store ? p99r : p99, t.name(), p.p99());
                if (t == direct) {
                    report.add(p50r, t.name(), p.p50());
                    report.add(p99r, t.name(), p.p99());
                }
            }
            for (Stack.Target t : rotated(proxies, run)) {
                double[] s = Probes.streams(t.port(), o.streamSamples);
                report.add(ttfb, t.name(), s[0]);
                report.add(total, t.name(), s[1]);
            }
        }
        double busyRss = ProcStats.rssMib(aistack.pid());
        Thread.sleep(12_000); // the gateway gives back what a busy spell took once quiet for 5-10 s (MemoryReturn)
        double loadedRss = ProcStats.rssMib(aistack.pid());

        // The open streams are held by nginx or the gateway alone on the proxy core: the floor and the Redis gateway
        // are not measured there, and their idle pooled connections wake ten times a second each (Helidon's monitor).
        stack.stop(floor);
        stack.stop(redis);
        int streams = Math.min(o.streams, (int) (ProcStats.openFilesLimit() - 200) / 2);
        if (streams < o.streams) {
            report.note(String.format("open files are limited to %d here: a proxy holds 2 sockets per stream, so %d "
                    + "streams instead of %d (raise the hard limit, ulimit -Hn, for the full figure)",
                    ProcStats.openFilesLimit(), streams, o.streams));
        }
        List<String> streamLines = new ArrayList<>();
        for (Stack.Target t : List.of(nginx, aistack)) {
            System.out.printf("%d concurrent slow streams through %s ...%n", streams, t.name());
            Probes.SlowStreams s = Probes.slowStreams(t, streams, o.slowEvents, 1_000);
            streamLines.add(String.format("%-8s %d ok, %d failed, %d in progress at once, peak RSS %.0f MiB%s", t.name(), s.ok(),
                    s.failed(), s.peakOpen(), s.peakRssMib(), s.failed() > 0 ? " — " + s.firstFailure() : ""));
        }
        Thread.sleep(2_000);
        double afterRss = ProcStats.rssMib(aistack.pid());

        report.print(GATEWAY);
        System.out.printf("%ngateway RSS (VmRSS): idle %.0f MiB, at the end of the runs %.0f MiB, after the runs (quiet 12 s)"
                        + " %.0f MiB, after the slow streams %.0f MiB, peak (VmHWM) %.0f MiB — target ≤ 96 / ≤ 192 MiB: %s%n",
                idleRss, busyRss, loadedRss, afterRss,
                ProcStats.peakRssMib(aistack.pid()), idleRss <= 96 && loadedRss <= 192 ? "met" : "NOT met");
        System.out.printf("nginx RSS: %.0f MiB now, peak %.0f MiB%n", ProcStats.rssMib(nginx.pid()),
                ProcStats.peakRssMib(nginx.pid()));
        System.out.printf("open streams (%d events, 1 s apart, one connection each):%n", o.slowEvents);
        streamLines.forEach(l -> System.out.println("  " + l));
        System.out.printf("gateway JVM flags: @%s %s%n", o.jvmOptions, String.join(" ", flags));
        if (o.jfr) {
            System.out.printf("flight recording: %s (written when the gateway stops)%n", dir.resolve("aistack.jfr"));
        }
    }

    /**
     * Loads the gateway until its JIT compiler has settled, so every figure is of compiled code. On the one core
     * the gateway has, C2 keeps compiling for 20-40 s of load and takes up to half the core meanwhile: a short
     * fixed warm-up measures the compiler, not the gateway. Rounds of wrk and streams until the compiler threads
     * used under 3 % of the round, at most {@code maxWarmRounds}.
     */
    private static void warmUntilCompiled(Wrk wrk, Stack.Target gateway, Options o) throws Exception {
        for (int round = 1; ; round++) {
            double before = ProcStats.compilerCpuSeconds(gateway.pid());
            long t0 = System.nanoTime();
            wrk.run(gateway, 64, o.warmSeconds);
            Probes.streams(gateway.port(), 200);
            double share = (ProcStats.compilerCpuSeconds(gateway.pid()) - before) / ((System.nanoTime() - t0) / 1e9);
            System.out.printf("  warm-up round %d: JIT compiler %.0f %% of a core%n", round, 100 * share);
            if (share < 0.03 || round == o.maxWarmRounds) {
                return;
            }
        }
    }

    /** The targets in a different order each run, so that none is always measured first. */
    private static <T> List<T> rotated(List<T> list, int by) {
        List<T> copy = new ArrayList<>(list);
        Collections.rotate(copy, -by);
        return copy;
    }

    /** The command line (bench/run fills java, jar and jvm-options). */
    static final class Options {
        String java;
        Path jar;
        Path jvmOptions;
        List<String> jvmFlags = new ArrayList<>();
        boolean jfr;
        int runs = 3;
        int seconds = 10;
        int warmSeconds = 5;
        int maxWarmRounds = 12;
        int streamSamples = 300;
        int streams = 10_000;
        int slowEvents = 30;

        static Options parse(String[] args) {
            Options o = new Options();
            Integer runs = null;
            Integer streams = null;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--java" -> o.java = args[++i];
                    case "--jar" -> o.jar = Path.of(args[++i]);
                    case "--jvm-options" -> o.jvmOptions = Path.of(args[++i]);
                    case "--jvm-flag" -> o.jvmFlags.add(args[++i]);
                    case "--jfr" -> o.jfr = true;
                    case "--runs" -> runs = Integer.parseInt(args[++i]);
                    case "--streams" -> streams = Integer.parseInt(args[++i]);
                    case "--quick" -> {
                        o.runs = 1;
                        o.seconds = 5;
                        o.warmSeconds = 3;
                        o.maxWarmRounds = 8;
                        o.streamSamples = 100;
                        o.streams = 2_000;
                        o.slowEvents = 10;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (runs != null) {
                o.runs = runs;
            }
            if (streams != null) {
                o.streams = streams;
            }
            if (o.java == null || o.jar == null || o.jvmOptions == null) {
                throw new IllegalArgumentException("--java, --jar and --jvm-options are required (bench/run sets them)");
            }
            return o;
        }
    }
}
