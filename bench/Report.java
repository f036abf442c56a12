import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of every run, and the table of their medians. A comparison (a ratio to nginx, or milliseconds
 * added to direct) is taken within each run and then the median over runs: the runs are interleaved, so what
 * the busy machine adds to one run is shared by the targets compared inside it.
 */
final class Report {
    /** How a row compares targets: throughput as a ratio, latency as time added. */
    enum Kind { RATIO, ADDED, INFO }

    private record Row(String figure, Kind kind, String target, Map<String, List<Double>> runs) {
    }

    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    void row(String figure, Kind kind, String target) {
        rows.put(figure, new Row(figure, kind, target, new LinkedHashMap<>()));
    }

    void add(String figure, String targetName, double value) {
        rows.get(figure).runs().computeIfAbsent(targetName, k -> new ArrayList<>()).add(value);
        System.out.printf("  %-36s %-14s %10.3f%n", figure, targetName, value);
    }

    void note(String text) {
        notes.add(text);
    }

    void print(String gateway) {
        System.out.println();
        System.out.printf("%-34s %9s %9s %9s %9s %9s | %-13s %-14s %-4s | %-13s %s%n", "figure (median of runs)", "direct",
                "nginx", "floor", gateway, "redis", "aistack", "target", "met", "floor", "aistack vs floor");
        for (Row r : rows.values()) {
            String against = r.kind() == Kind.ADDED && !has(r, gateway) ? "aistack+redis" : gateway;
            String compared = compare(r, against);
            String met = "";
            if (!compared.isEmpty()) {
                double v = Double.parseDouble(compared.replaceAll("[^0-9.+-]", ""));
                met = (r.kind() == Kind.RATIO ? v >= 0.5
                        : v <= Double.parseDouble(r.target().replaceAll("[^0-9.]", ""))) ? "yes" : "NO";
            }
            String vsFloor = "";
            if (has(r, "floor") && has(r, against)) {
                vsFloor = r.kind() == Kind.RATIO
                        ? String.format("%.2f× floor", medianOf(r, against, "floor", (a, b) -> a / b))
                        : r.kind() == Kind.ADDED
                        ? String.format("%+.3f ms", medianOf(r, against, "floor", (a, b) -> a - b)) : "";
            }
            System.out.printf("%-34s %9s %9s %9s %9s %9s | %-13s %-14s %-4s | %-13s %s%n", r.figure(), cell(r, "direct"),
                    cell(r, "nginx"), cell(r, "floor"), cell(r, gateway), cell(r, "aistack+redis"), compared,
                    r.target(), met, compare(r, "floor"), vsFloor);
        }
        for (String n : notes) {
            System.out.println(n);
        }
    }

    /** A target's figure as its row compares it: a ratio to nginx, or the time added to direct. */
    private static String compare(Row r, String target) {
        if (!has(r, target)) {
            return "";
        }
        if (r.kind() == Kind.RATIO && has(r, "nginx")) {
            return String.format("%.3f× nginx", medianOf(r, target, "nginx", (a, b) -> a / b));
        }
        if (r.kind() == Kind.ADDED && has(r, "direct")) {
            return String.format("%+.3f ms", medianOf(r, target, "direct", (a, b) -> a - b));
        }
        return "";
    }

    private static boolean has(Row r, String target) {
        return r.runs().containsKey(target);
    }

    private static String cell(Row r, String target) {
        List<Double> v = r.runs().get(target);
        if (v == null) {
            return "";
        }
        double m = median(v);
        return m >= 100 ? String.format("%.0f", m) : String.format("%.3f", m);
    }

    private interface Compare {
        double apply(double a, double b);
    }

    private static double medianOf(Row r, String a, String b, Compare compare) {
        List<Double> x = r.runs().get(a);
        List<Double> y = r.runs().get(b);
        List<Double> per = new ArrayList<>();
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            per.add(compare.apply(x.get(i), y.get(i)));
        }
        return median(per);
    }

    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
