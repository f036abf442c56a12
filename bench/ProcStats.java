import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's memory and CPU time as Linux reports them in /proc. */
final class ProcStats {
    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ: 100 on every Linux this runs on

    private ProcStats() {
    }

    /** Resident set size now (VmRSS), MiB. */
    static double rssMib(long pid) {
        return statusKb(pid, "VmRSS:") / 1024.0;
    }

    /** Highest resident set size so far (VmHWM), MiB. */
    static double peakRssMib(long pid) {
        return statusKb(pid, "VmHWM:") / 1024.0;
    }

    /** User + system CPU seconds used so far. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND; // utime, stime
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    /** CPU seconds the JVM's JIT compiler threads (C1, C2) used so far; 0 for a process that has none. */
    static double compilerCpuSeconds(long pid) {
        double total = 0;
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (name.contains("CompilerThre")) {
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        total += (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
                    }
                } catch (IOException threadGone) {
                    // a thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return Double.NaN;
        }
        return total;
    }

    /** This process's hard limit of open files (children inherit it; bench/run raised the soft one to it). */
    static long openFilesLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String hard = line.trim().split("\\s+")[4];
                    return hard.equals("unlimited") ? 1_048_576 : Long.parseLong(hard);
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return 1024;
    }

    private static long statusKb(long pid, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
        return -1;
    }
}
