package dev.aistack.routing;

import dev.aistack.config.GatewayConfig;
import dev.aistack.config.NodeConfig;
import dev.aistack.observe.GatewayMetrics;
import dev.aistack.scheduling.GpuSlots;
import dev.aistack.upstream.Backend;
import dev.aistack.upstream.OllamaNode;
import dev.aistack.upstream.OpenAiNode;
import dev.aistack.upstream.UpstreamClient;
import dev.aistack.upstream.UpstreamFailures;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

import java.util.List;

/** Builds the fleet from the configuration: one Node per entry of {@code nodes:} (or the one AISTACK_OLLAMA_URL). */
public final class Fleet {
    private Fleet() {
    }

    public static Router router(GatewayConfig config, GatewayMetrics metrics) {
        // N consecutive failures open the breaker: a window of the last N calls, all of which must have failed.
        CircuitBreakerConfig breakers = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(config.breakerFailures())
                .minimumNumberOfCalls(config.breakerFailures())
                .failureRateThreshold(100)
                .waitDurationInOpenState(config.breakerCooldown())
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .build();
        List<Node> nodes = config.nodes().stream().map(n -> node(n, config, metrics, breakers)).toList();
        if (config.implicitFleet()) {
            // One node and nowhere else to go: every request reaches it and hears its own answer, as before fleets.
            nodes.forEach(n -> n.breaker().transitionToDisabledState());
        }
        return new Router(nodes, config.implicitFleet());
    }

    private static Node node(NodeConfig n, GatewayConfig config, GatewayMetrics metrics, CircuitBreakerConfig breakers) {
        UpstreamFailures failures = n.kind() == NodeConfig.Kind.OLLAMA ? UpstreamFailures.ollama(n.baseUrl())
                : new UpstreamFailures("Node '" + n.name() + "' at " + n.baseUrl(), n.baseUrl(), "");
        UpstreamClient client = new UpstreamClient(n.url(), config.upstreamConnectTimeout(), config.upstreamTimeout(),
                failures, n.apiKey().orElse(null));
        Backend.NodeKind kind = n.kind() == NodeConfig.Kind.OLLAMA
                ? new OllamaNode(client, metrics::keepAliveFailed) : new OpenAiNode(client);
        GpuSlots slots = new GpuSlots(n.gpuSlots(), metrics::gpuRejected);
        CircuitBreaker breaker = CircuitBreaker.of(n.name(), breakers);
        metrics.node(n.name(), slots::inUse, slots.capacity(), () -> switch (breaker.getState()) {
            case CLOSED -> 0;
            case OPEN, FORCED_OPEN -> 1;
            case HALF_OPEN -> 2;
            default -> 0;
        });
        return new Node(new Backend(n.name(), client, kind, slots), n, breaker);
    }
}
