package dev.aistack.access;

import dev.aistack.usage.Usage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Per-key meters, by key id (never the secret): aistack_key_requests_total, _tokens_total, _rejections_total. */
final class KeyMetrics {
    /** The key_id label of requests refused before a key was known (missing or invalid key). */
    static final String UNKNOWN = "unknown";

    private final MeterRegistry registry;

    KeyMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void admitted(String keyId) {
        Counter.builder("aistack.key.requests").description("Inference requests admitted, by key")
                .tag("key_id", keyId).register(registry).increment();
    }

    void rejected(String keyId, String reason) {
        Counter.builder("aistack.key.rejections").description("Requests refused by key policy, by key and reason")
                .tags("key_id", keyId, "reason", reason).register(registry).increment();
    }

    void tokens(String keyId, Usage usage) {
        Counter.builder("aistack.key.tokens").description("Tokens charged to a key").tags("key_id", keyId, "kind",
                "prompt").register(registry).increment(usage.promptTokens());
        Counter.builder("aistack.key.tokens").description("Tokens charged to a key").tags("key_id", keyId, "kind",
                "completion").register(registry).increment(usage.completionTokens());
    }
}
