import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

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
            String reference = r.kind() == Kind.RATIO ? "nginx" : "direct";
            OptionalDouble compared = compare(r, against, reference);
            String met = compared.isEmpty() ? "" : (r.kind() == Kind.RATIO ? compared.getAsDouble() >= 0.5
                    : compared.getAsDouble() <= Double.parseDouble(r.target().replaceAll("[^0-9.]", ""))) ? "yes" : "NO";
            System.out.printf("%-34s %9s %9s %9s %9s %9s | %-13s %-14s %-4s | %-13s %s%n", r.figure(), cell(r, "direct"),
                    cell(r, "nginx"), cell(r, "floor"), cell(r, gateway), cell(r, "aistack+redis"),
                    text(r, compared, reference), r.target(), met, text(r, compare(r, "floor", reference), reference),
                    text(r, compare(r, against, "floor"), "floor"));
        }
        for (String n : notes) {
            System.out.println(n);
        }
    }

    /** The median over runs of a target's figure against a reference's: a ratio, or the time added. */
    private static OptionalDouble compare(Row r, String target, String reference) {
        if (r.kind() == Kind.INFO || !has(r, target) || !has(r, reference)) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(r.kind() == Kind.RATIO ? medianOf(r, target, reference, (a, b) -> a / b)
                : medianOf(r, target, reference, (a, b) -> a - b));
    }

    private static String text(Row r, OptionalDouble compared, String reference) {
        if (compared.isEmpty()) {
            return "";
        }
        return r.kind() == Kind.RATIO ? String.format("%.3f× %s", compared.getAsDouble(), reference)
                : String.format("%+.3f ms", compared.getAsDouble());
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
