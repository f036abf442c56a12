import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The processes of one benchmark run and where they sit: the fake Ollama (nginx + Lua) and Redis on the load
 * core with the load generators; the reference nginx, the floor (a bare Helidon proxy) and the gateway each alone on
 * the proxy core (only one of them is under load at a time). Everything listens on 127.0.0.1; everything is stopped when the run ends.
 */
final class Stack implements AutoCloseable {
    static final String LOAD_CORE = "0";
    static final String PROXY_CORE = "1";

    /** One listening process: its name in the table, its port and its pid (the one doing the work). */
    record Target(String name, int port, long pid) {
    }

    private final Path dir;
    private final List<Process> started = new ArrayList<>();

    Stack(Path dir) {
        this.dir = dir;
        Runtime.getRuntime().addShutdownHook(new Thread(this::close));
    }

    Target upstream() throws Exception {
        int port = freePort();
        Path conf = write("upstream.conf", Nginx.upstream(port, dir));
        return started("direct", port, nginx(conf, LOAD_CORE, "upstream"), "/api/version");
    }

    Target referenceProxy(int upstreamPort) throws Exception {
        int port = freePort();
        Path conf = write("proxy.conf", Nginx.proxy(port, upstreamPort, dir));
        return started("nginx", port, nginx(conf, PROXY_CORE, "proxy"), "/api/version");
    }

    Target gateway(String name, String java, Path jar, Path jvmOptions, List<String> extraJvmFlags, int upstreamPort,
                   String redisUrl) throws Exception {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of("taskset", "-c", PROXY_CORE, java, "@" + jvmOptions));
        command.addAll(extraJvmFlags);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.put("AISTACK_PORT", Integer.toString(port));
        env.put("AISTACK_OLLAMA_URL", "http://127.0.0.1:" + upstreamPort);
        env.put("AISTACK_GPU_SLOTS", "100000"); // admission control is not what is measured
        env.put("AISTACK_SHUTDOWN_GRACE", "1s");
        if (redisUrl != null) {
            env.put("AISTACK_REDIS_URL", redisUrl);
        }
        return started(name, port, launch(pb, name), "/healthz");
    }

    /** The floor (bench/Floor.java), from the benchmark's own classes, on the gateway's libraries and JVM flags. */
    Target floor(String java, Path jar, Path jvmOptions, int upstreamPort) throws Exception {
        int port = freePort();
        String classPath = System.getProperty("java.class.path") + File.pathSeparator + jar;
        ProcessBuilder pb = new ProcessBuilder("taskset", "-c", PROXY_CORE, java, "@" + jvmOptions, "-cp", classPath,
                "Floor", Integer.toString(port), Integer.toString(upstreamPort));
        return started("floor", port, launch(pb, "floor"), "/healthz");
    }

    /** Stops a target that the rest of the run does not measure, so it does not share the proxy core. */
    synchronized void stop(Target target) throws InterruptedException {
        for (Process p : started) {
            if (p.pid() == target.pid()) {
                p.destroy();
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    /** A real redis-server without persistence, on the load core; returns its URL. */
    String redis() throws Exception {
        int port = freePort();
        Process p = launch(new ProcessBuilder("taskset", "-c", LOAD_CORE, "redis-server", "--bind", "127.0.0.1",
                "--port", Integer.toString(port), "--save", "", "--appendonly", "no", "--dir", dir.toString()), "redis");
        waitForPort(port, p, "redis");
        return "redis://127.0.0.1:" + port;
    }

    private Process nginx(Path conf, String core, String name) throws IOException {
        return launch(new ProcessBuilder("taskset", "-c", core, "nginx", "-p", dir.toString(), "-e",
                dir.resolve(name + "-error.log").toString(), "-c", conf.toString()), name);
    }

    private Process launch(ProcessBuilder pb, String name) throws IOException {
        pb.redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
        Process p = pb.start(); // taskset execs the program: this pid is the program's
        started.add(p);
        return p;
    }

    private Target started(String name, int port, Process p, String readyPath) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException(name + " exited; see " + dir.resolve("*" + ".log"));
            }
            try (HttpConn c = new HttpConn(port, 2_000)) {
                if (c.exchange(HttpConn.get(readyPath)).status() == 200) {
                    return new Target(name, port, p.pid());
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(name + " did not answer " + readyPath + " within 60 s");
    }

    private static void waitForPort(int port, Process p, String name) throws Exception {
        for (int i = 0; i < 100 && p.isAlive(); i++) {
            try (var s = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException(name + " did not listen on " + port);
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public synchronized void close() {
        for (Process p : started) {
            p.destroy();
        }
        for (Process p : started) {
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        }
        started.clear();
    }
}
