package dev.aistack.routing;

import dev.aistack.errors.ErrorCode;
import dev.aistack.errors.GatewayException;
import dev.aistack.upstream.Backend;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Chooses the nodes for a request, in the order to try them. Candidates serve the model (after the key's binding and
 * the aliases), are in the key's cluster when it has one, and are not skipped by their circuit breaker; fallback nodes
 * come only after every other candidate. The first is chosen by smooth weighted round robin (nginx's algorithm),
 * skipping nodes whose GPU slots are all busy; the others follow by weight, as failover targets.
 */
public final class Router {
    private final List<Node> nodes;
    private final boolean implicit;

    /** implicit: the one node of AISTACK_OLLAMA_URL, which gets every request, as before there were fleets. */
    public Router(List<Node> nodes, boolean implicit) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("a router needs at least one node");
        }
        this.nodes = List.copyOf(nodes);
        this.implicit = implicit;
    }

    /** The nodes to try for this model, best first; cluster null: any node. Throws the catalog's refusals. */
    public List<Node> candidates(String model, String cluster) {
        if (implicit) {
            return nodes;
        }
        List<Node> serving = new ArrayList<>();
        boolean servedElsewhere = false;
        for (Node n : nodes) {
            if (!n.serves(model)) {
                continue;
            }
            if (cluster != null && !cluster.equals(n.config().cluster().orElse(null))) {
                servedElsewhere = true;
                continue;
            }
            serving.add(n);
        }
        if (serving.isEmpty()) {
            if (cluster != null && servedElsewhere) {
                throw noBackend(model, "no node of cluster '" + cluster + "' serves it");
            }
            throw new GatewayException(ErrorCode.MODEL_NOT_FOUND, "The model '" + model + "' does not exist",
                    "model");
        }
        List<Node> open = serving.stream().filter(n -> n.breaker().getState() != CircuitBreaker.State.OPEN
                || cooledDown(n)).toList();
        if (open.isEmpty()) {
            throw noBackend(model, "every node that serves it is down or has an open circuit breaker");
        }
        List<Node> primary = open.stream().filter(n -> !n.config().fallback()).toList();
        List<Node> fallback = open.stream().filter(n -> n.config().fallback()).toList();
        List<Node> ordered = new ArrayList<>(order(primary));
        ordered.addAll(order(fallback));
        return ordered;
    }

    /** Every node, in configuration order: discovery, readiness, model lists. */
    public List<Node> nodes() {
        return nodes;
    }

    /** The backends, in configuration order. */
    public List<Backend> backends() {
        return nodes.stream().map(Node::backend).toList();
    }

    /** A node for requests that name no model (a /v1 passthrough): the first candidate of any model. */
    public Backend any() {
        return candidates(null, null).get(0).backend();
    }

    public void close() {
        nodes.forEach(n -> n.backend().kind().close());
    }

    /** Up nodes first (smooth weighted round robin picks the first among those with a free slot), then the rest. */
    private List<Node> order(List<Node> group) {
        if (group.isEmpty()) {
            return group;
        }
        List<Node> up = group.stream().filter(Node::up).toList();
        List<Node> down = group.stream().filter(n -> !n.up()).toList();
        List<Node> out = new ArrayList<>();
        if (!up.isEmpty()) {
            Node first = pick(up);
            out.add(first);
            up.stream().filter(n -> n != first).sorted(Comparator.comparingInt((Node n) -> -n.config().weight()))
                    .forEach(out::add);
        }
        out.addAll(down);
        return out;
    }

    /**
     * nginx's smooth weighted round robin over the nodes with a free GPU slot (all of them when none has one, so the
     * slot check itself answers gpu_busy): each round every node gains its weight, the highest is chosen and pays
     * back the total. Weights 3:2:1 give a-b-a-c-a-b, exactly 3:2:1 over every six picks.
     */
    private synchronized Node pick(List<Node> group) {
        List<Node> free = group.stream().filter(n -> n.backend().slots().inUse() < n.backend().slots().capacity())
                .toList();
        List<Node> pool = free.isEmpty() ? group : free;
        long total = 0;
        Node best = null;
        for (Node n : pool) {
            n.currentWeight += n.config().weight();
            total += n.config().weight();
            if (best == null || n.currentWeight > best.currentWeight) {
                best = n;
            }
        }
        best.currentWeight -= total;
        return best;
    }

    private static boolean cooledDown(Node n) {
        // resilience4j moves OPEN to HALF_OPEN on the next permission request once the wait has passed.
        return n.breaker().getState() == CircuitBreaker.State.OPEN && n.breaker().tryAcquirePermission()
                && releasing(n);
    }

    private static boolean releasing(Node n) {
        n.breaker().releasePermission(); // only looked: the real call asks again
        return true;
    }

    private static GatewayException noBackend(String model, String why) {
        return new GatewayException(ErrorCode.NO_BACKEND_FOR_MODEL, "No backend can serve '" + model + "' now: "
                + why + ". Retry after the Retry-After delay.", "model");
    }
}
