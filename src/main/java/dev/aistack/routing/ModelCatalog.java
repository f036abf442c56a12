package dev.aistack.routing;

import dev.aistack.errors.GatewayException;
import dev.aistack.upstream.Backend;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What the fleet serves now: each node's models (its configured list, or asked from it, all nodes at once) plus its
 * aliases, deduplicated by name. A node that cannot be asked is left out, and said so.
 */
public final class ModelCatalog {
    /** One model name and the nodes that serve it (in configuration order). */
    public record Entry(String id, long created, List<Node> nodes) {
        /** Served only by fallback nodes. */
        public boolean fallbackOnly() {
            return nodes.stream().allMatch(n -> n.config().fallback());
        }
    }

    /** The entries, and the first error of a node that could not be asked (null when all answered). */
    public record Listing(List<Entry> entries, GatewayException unreachable) {
    }

    private final Router router;

    public ModelCatalog(Router router) {
        this.router = router;
    }

    public Listing list() {
        List<Node> nodes = router.nodes();
        List<List<Backend.DiscoveredModel>> found = new ArrayList<>();
        GatewayException firstError = null;
        try (ExecutorService each = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<List<Backend.DiscoveredModel>>> asked = nodes.stream().map(n -> each.submit(() -> modelsOf(n)))
                    .toList();
            for (Future<List<Backend.DiscoveredModel>> f : asked) {
                try {
                    found.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    found.add(List.of());
                    if (firstError == null && e.getCause() instanceof GatewayException g) {
                        firstError = g;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    found.add(List.of());
                }
            }
        }
        Map<String, Entry> byName = new LinkedHashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            for (Backend.DiscoveredModel m : found.get(i)) {
                add(byName, m.name(), m.modifiedEpochSeconds(), n);
            }
            for (String alias : n.config().aliases().keySet()) {
                add(byName, alias, 0, n);
            }
        }
        return new Listing(List.copyOf(byName.values()), firstError);
    }

    private static void add(Map<String, Entry> byName, String id, long created, Node n) {
        String key = id.toLowerCase(Locale.ROOT);
        Entry e = byName.get(key);
        if (e == null) {
            byName.put(key, new Entry(id, created, new ArrayList<>(List.of(n))));
        } else if (!e.nodes().contains(n)) {
            e.nodes().add(n);
        }
    }

    private static List<Backend.DiscoveredModel> modelsOf(Node n) {
        if (!n.config().models().isEmpty()) {
            return n.config().models().stream().map(m -> new Backend.DiscoveredModel(m, 0)).toList();
        }
        return n.backend().kind().models();
    }
}
