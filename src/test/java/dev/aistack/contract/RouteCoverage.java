package dev.aistack.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aistack.http.Route;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Routes against operations: a route the spec does not list is an API no client can generate code for, and an
 * operation without a route is a promise the server breaks. Both sets use the spec's path syntax ({@code {param}}).
 */
final class RouteCoverage {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");
    private static final Comparator<Route> ORDER = Comparator.comparing(Route::path).thenComparing(Route::method);

    /** Routes the server registers but the spec lacks, and operations of the spec that nothing routes. */
    record Differences(Set<Route> undocumented, Set<Route> unrouted) {
        boolean none() {
            return undocumented.isEmpty() && unrouted.isEmpty();
        }

        @Override
        public String toString() {
            return "routed but not in openapi/aistack-v1.yaml: " + undocumented
                    + "; in the spec but not routed: " + unrouted;
        }
    }

    private RouteCoverage() {
    }

    /** Every operation of a spec as a route: upper-case method, path template as written in the spec. */
    static Set<Route> operations(JsonNode spec) {
        Set<Route> operations = new LinkedHashSet<>();
        for (var path : spec.path("paths").properties()) {
            for (String key : (Iterable<String>) path.getValue()::fieldNames) {
                if (METHODS.contains(key)) {
                    operations.add(new Route(key.toUpperCase(Locale.ROOT), path.getKey()));
                }
            }
        }
        return operations;
    }

    static Differences compare(Set<Route> registered, Set<Route> operations) {
        Set<Route> undocumented = new TreeSet<>(ORDER);
        undocumented.addAll(registered);
        undocumented.removeAll(operations);
        Set<Route> unrouted = new TreeSet<>(ORDER);
        unrouted.addAll(operations);
        unrouted.removeAll(registered);
        return new Differences(undocumented, unrouted);
    }
}
