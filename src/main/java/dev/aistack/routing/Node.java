package dev.aistack.routing;

import dev.aistack.config.NodeConfig;
import dev.aistack.upstream.Backend;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One node as the router sees it: its backend, its place in the fleet (weight, cluster, fallback, aliases), its
 * circuit breaker, and what the last probe learned (up or down, latency, the models it serves).
 */
public final class Node {
    private final Backend backend;
    private final NodeConfig config;
    private final CircuitBreaker breaker;
    // Smooth weighted round robin's running weight; guarded by the router.
    long currentWeight;
    private volatile Set<String> discovered; // null until a discovery succeeded
    private volatile boolean up = true;      // optimistic until the first probe says otherwise
    private volatile double latencyMs = -1;
    private volatile String lastError;

    Node(Backend backend, NodeConfig config, CircuitBreaker breaker) {
        this.backend = backend;
        this.config = config;
        this.breaker = breaker;
    }

    public Backend backend() {
        return backend;
    }

    public NodeConfig config() {
        return config;
    }

    public String name() {
        return config.name();
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    public boolean up() {
        return up;
    }

    public double latencyMs() {
        return latencyMs;
    }

    public String lastError() {
        return lastError;
    }

    /** The models it serves: its configured list, else what it reported last (empty until then). */
    public List<String> models() {
        if (!config.models().isEmpty()) {
            return config.models();
        }
        Set<String> d = discovered;
        return d == null ? List.of() : List.copyOf(d);
    }

    /** Whether its models are known (configured, or discovered at least once). */
    boolean knowsModels() {
        return !config.models().isEmpty() || discovered != null;
    }

    /**
     * Whether it serves the model a client asked for (an alias of its own counts). Names compare as Ollama does:
     * case-insensitively, and a name without a tag means ":latest".
     */
    public boolean serves(String clientModel) {
        if (clientModel == null) {
            return true;
        }
        if (config.aliases().containsKey(clientModel)) {
            return true;
        }
        if (!knowsModels()) {
            return true; // not known yet: the node itself will say
        }
        String wanted = normalise(clientModel);
        return models().stream().map(Node::normalise).anyMatch(wanted::equals);
    }

    /** The name this node knows the model by (its alias target, or the name as sent). */
    public String nodeModel(String clientModel) {
        return clientModel == null ? null : config.aliases().getOrDefault(clientModel, clientModel);
    }

    void probed(boolean isUp, double millis, String error) {
        this.up = isUp;
        this.latencyMs = millis;
        this.lastError = error;
    }

    void discovered(List<String> names) {
        this.discovered = names.stream().collect(Collectors.toUnmodifiableSet());
    }

    private static String normalise(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return n.contains(":") ? n : n + ":latest";
    }
}
