package dev.aistack.observe;

import dev.aistack.usage.Usage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The gateway's meters, in a registry of its own (one per gateway, so tests with several servers stay apart),
 * rendered as Prometheus text at GET /metrics. Latencies are histograms with fixed buckets, so they aggregate
 * across replicas.
 */
public final class GatewayMetrics {
    private static final Duration[] LATENCY_BUCKETS = {
            Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(300)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // Created up front so dashboards and alerts see 0 rather than a missing series.
    private final Counter gpuRejected = Counter.builder("aistack.gpu.slot.rejected")
            .description("Requests answered 503 gpu_busy").register(registry);
    private final Counter keepAliveFailures = Counter.builder("aistack.keep.alive.failures")
            .description("keep_alive calls to Ollama that failed").register(registry);
    private final Counter stateErrors = Counter.builder("aistack.state.errors")
            .description("State store calls that failed; the request went on without them").register(registry);

    /** One finished request: count and latency by route, method and status. */
    public void request(String route, String method, int status, long nanos) {
        String[] tags = {"route", route, "method", method, "status", Integer.toString(status)};
        Counter.builder("aistack.requests").description("HTTP requests served").tags(tags)
                .register(registry).increment();
        timer("aistack.request.duration", "Time to serve a request, to its last byte", tags).record(Duration.ofNanos(nanos));
    }

    /** Time from sending the request upstream to its last byte; outcome: ok, backend_error, client_disconnected... */
    public void upstream(String route, String outcome, long nanos) {
        timer("aistack.upstream.duration", "Time spent on the backend call", "route", route, "outcome", outcome)
                .record(Duration.ofNanos(nanos));
    }

    /** Streams: time from the request's arrival to the first event relayed to the client. */
    public void timeToFirstByte(String route, long nanos) {
        timer("aistack.stream.time.to.first.byte", "Time to the first streamed event", "route", route)
                .record(Duration.ofNanos(nanos));
    }

    /** Tokens used, by route and kind (prompt, completion); streams cut short count the chunks relayed. */
    public void tokens(String route, Usage usage) {
        Counter.builder("aistack.tokens").description("Tokens processed by the backend").tags("route", route, "kind",
                "prompt").register(registry).increment(usage.promptTokens());
        Counter.builder("aistack.tokens").description("Tokens processed by the backend").tags("route", route, "kind",
                "completion").register(registry).increment(usage.completionTokens());
    }

    /** A state store (Redis) call failed; the request went on without it. */
    public void stateError() {
        stateErrors.increment();
    }

    public void gpuRejected() {
        gpuRejected.increment();
    }

    public void keepAliveFailed() {
        keepAliveFailures.increment();
    }

    public void gpuSlots(Supplier<Integer> inUse, int capacity) {
        // strongReference: Micrometer holds gauge state weakly, and a collected lambda would read NaN.
        Gauge.builder("aistack.gpu.slots.in.use", inUse, s -> s.get()).description("GPU slots held now")
                .strongReference(true).register(registry);
        Gauge.builder("aistack.gpu.slots.capacity", () -> capacity).description("GPU slots configured")
                .strongReference(true).register(registry);
    }

    /** The registry, for meters other packages own (per-key meters). */
    public io.micrometer.core.instrument.MeterRegistry registry() {
        return registry;
    }

    /** Prometheus text exposition format 0.0.4. */
    public String prometheusText() {
        return registry.scrape();
    }

    private Timer timer(String name, String description, String... tags) {
        return Timer.builder(name).description(description).tags(tags).serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry);
    }
}
