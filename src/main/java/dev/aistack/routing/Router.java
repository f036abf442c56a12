package dev.aistack.routing;

import dev.aistack.upstream.Backend;

import java.util.List;

/**
 * Chooses the backend node for a request. Today the fleet is one node (AISTACK_OLLAMA_URL); candidates, weights,
 * clusters and failover land here, so the inference path asks the same question whatever the fleet.
 */
public final class Router {
    private final List<Backend> backends;

    public Router(List<Backend> backends) {
        if (backends.isEmpty()) {
            throw new IllegalArgumentException("a router needs at least one backend");
        }
        this.backends = List.copyOf(backends);
    }

    /** The node that should serve this model (null: a request that names none, e.g. a passthrough). */
    public Backend choose(String model) {
        return backends.get(0);
    }

    /** Every node, in configuration order: discovery, readiness. */
    public List<Backend> backends() {
        return backends;
    }

    public void close() {
        backends.forEach(b -> b.kind().close());
    }
}
