package dev.aistack.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every setting of the gateway, typed and validated. Built by {@link ConfigLoader} from the environment
 * ({@code AISTACK_*}) and an optional YAML file; documented in docs-site/configuration.md. {@code nodes} is the
 * fleet in configuration order, never empty: the YAML file's {@code nodes:} list, or else one node named "ollama"
 * at {@code ollamaUrl}.
 */
public record GatewayConfig(
        String host,
        int port,
        URI ollamaUrl,
        int gpuSlots,
        int gpuRetryAfterSeconds,
        String keepAliveDefault,
        long maxBodyBytes,
        Duration upstreamConnectTimeout,
        Duration upstreamTimeout,
        Duration clientIdleTimeout,
        Duration requestHeadTimeout,
        Duration requestBodyTimeout,
        int maxConnections,
        int maxAttempts,
        int breakerFailures,
        Duration breakerCooldown,
        Duration probeInterval,
        Duration shutdownGrace,
        boolean logPrompts,
        Optional<String> redisUrl,
        String redisPrefix,
        Duration redisTimeout,
        int tasksMax,
        Duration taskHeartbeat,
        Duration taskTtlActive,
        Duration taskTtlDone,
        List<NodeConfig> nodes,
        AccessSettings access) {

    @Override
    public String toString() { // never print the Redis password
        return "GatewayConfig[" + host + ":" + port + ", ollama=" + ollamaBase() + ", redis="
                + redisUrl.map(u -> u.replaceAll("//[^@/]*@", "//***@")).orElse("none") + ", nodes=" + nodes + "]";
    }

    /** Whether the fleet is the one node of AISTACK_OLLAMA_URL (no nodes: list): today's single Ollama. */
    public boolean implicitFleet() {
        return nodes.size() == 1 && nodes.get(0).equals(NodeConfig.fromOllamaUrl(ollamaUrl, gpuSlots));
    }

    /** Base URL of Ollama without a trailing slash, as shown in messages. */
    public String ollamaBase() {
        String s = ollamaUrl.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
