package dev.aistack.config;

import java.net.URI;
import java.time.Duration;

/**
 * Every setting of the gateway, typed and validated. Built by {@link ConfigLoader} from the environment
 * ({@code AISTACK_*}) and an optional YAML file; documented in docs-site/configuration.md.
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
        Duration shutdownGrace,
        boolean logPrompts) {

    /** Base URL of Ollama without a trailing slash, as shown in messages. */
    public String ollamaBase() {
        String s = ollamaUrl.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
