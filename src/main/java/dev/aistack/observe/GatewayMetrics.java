package dev.aistack.observe;

import dev.aistack.usage.Usage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The gateway's meters, in a registry of its own (one per gateway, so tests with several servers stay apart),
 * rendered as Prometheus text at GET /metrics. Each meter's name is written as users see it on /metrics (Micrometer
 * appends _total to counters and _seconds to timers), so a grep for a series finds its code. Meters are looked up
 * once per label set and kept: the request path does no registry lookup. Latencies are histograms with fixed
 * buckets, so they aggregate across replicas.
 */
public final class GatewayMetrics {
    private static final Duration[] LATENCY_BUCKETS = {
            Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(300)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<Labels, Meters> byLabels = new ConcurrentHashMap<>();
    // Created up front so dashboards and alerts see 0 rather than a missing series.
    private final Counter gpuRejected = counter("aistack_gpu_slot_rejected", // aistack_gpu_slot_rejected_total
            "Requests answered 503 gpu_busy");
    private final Counter keepAliveFailures = counter("aistack_keep_alive_failures", // aistack_keep_alive_failures_total
            "keep_alive calls to Ollama that failed");
    private final Counter stateErrors = counter("aistack_state_errors", // aistack_state_errors_total
            "State store calls that failed; the request went on without them");

    private record Labels(String kind, String a, String b, String c) {
    }

    /** The meters of one label set, made on first use. */
    private record Meters(Counter counter, Timer timer) {
    }

    /** One finished request: count and latency by route, method and status. */
    public void request(String route, String method, int status, long nanos) {
        Meters m = byLabels.computeIfAbsent(new Labels("request", route, method, Integer.toString(status)), l -> {
            String[] tags = {"route", l.a(), "method", l.b(), "status", l.c()};
            return new Meters(
                    Counter.builder("aistack_requests") // aistack_requests_total
                            .description("HTTP requests served").tags(tags).register(registry),
                    timer("aistack_request_duration", // aistack_request_duration_seconds
                            "Time to serve a request, to its last byte", tags));
        });
        m.counter().increment();
        m.timer().record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /**
     * One backend call: time from sending the request to its last byte, by route, node and outcome (ok,
     * backend_error, failover, stream_broken, client_disconnected...). A count of it is the node's request count.
     */
    public void upstream(String route, String node, String outcome, long nanos) {
        Meters m = byLabels.computeIfAbsent(new Labels("upstream", route, node, outcome), l -> new Meters(
                "stream_broken".equals(l.c()) ? Counter.builder("aistack_streams_broken") // aistack_streams_broken_total
                        .description("Streams that broke off or ended without their end marker")
                        .tags("route", l.a()).register(registry) : null,
                timer("aistack_upstream_duration", // aistack_upstream_duration_seconds
                        "Time spent on the backend call", "route", l.a(), "node", l.b(), "outcome", l.c())));
        if (m.counter() != null) {
            m.counter().increment();
        }
        m.timer().record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** Streams: time from the request's arrival to the first event relayed to the client. */
    public void timeToFirstByte(String route, long nanos) {
        byLabels.computeIfAbsent(new Labels("ttfb", route, "", ""), l -> new Meters(null,
                        timer("aistack_stream_time_to_first_byte", // aistack_stream_time_to_first_byte_seconds
                                "Time to the first streamed event", "route", l.a())))
                .timer().record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** Tokens used, by route and kind (prompt, completion); streams cut short count the chunks relayed. */
    public void tokens(String route, Usage usage) {
        tokenCounter(route, "prompt").increment(usage.promptTokens());
        tokenCounter(route, "completion").increment(usage.completionTokens());
    }

    private Counter tokenCounter(String route, String kind) {
        return byLabels.computeIfAbsent(new Labels("tokens", route, kind, ""), l -> new Meters(
                Counter.builder("aistack_tokens") // aistack_tokens_total
                        .description("Tokens processed by the backend").tags("route", l.a(), "kind", l.b())
                        .register(registry), null)).counter();
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

    /** A node's gauges: GPU slots held (its calls in flight) and configured, breaker state (0 closed, 1 open, 2 half-open). */
    public void node(String node, Supplier<Integer> inUse, int capacity, Supplier<Integer> breakerState) {
        // strongReference: Micrometer holds gauge state weakly, and a collected lambda would read NaN.
        Gauge.builder("aistack_gpu_slots_in_use", inUse, s -> s.get()) // aistack_gpu_slots_in_use
                .description("GPU slots held now").tag("node", node).strongReference(true).register(registry);
        Gauge.builder("aistack_gpu_slots_capacity", () -> capacity) // aistack_gpu_slots_capacity
                .description("GPU slots configured").tag("node", node).strongReference(true).register(registry);
        Gauge.builder("aistack_node_breaker_state", breakerState, s -> s.get()) // aistack_node_breaker_state
                .description("Circuit breaker: 0 closed, 1 open, 2 half-open").tag("node", node)
                .strongReference(true).register(registry);
    }

    /** A request left this node for the next candidate, and why (a catalog code or "status_503"...). */
    public void failover(String node, String reason) {
        byLabels.computeIfAbsent(new Labels("failover", node, reason, ""), l -> new Meters(
                Counter.builder("aistack_failovers") // aistack_failovers_total
                        .description("Requests moved to another node before their first byte")
                        .tags("node", l.a(), "reason", l.b()).register(registry), null)).counter().increment();
    }

    /** A node failed a call or a probe (what its breaker counts), by reason. */
    public void nodeFailure(String node, String reason) {
        byLabels.computeIfAbsent(new Labels("node_failure", node, reason, ""), l -> new Meters(
                Counter.builder("aistack_node_failures") // aistack_node_failures_total
                        .description("Failed calls and probes by node and reason")
                        .tags("node", l.a(), "reason", l.b()).register(registry), null)).counter().increment();
    }

    /** The registry, for meters other packages own (per-key meters). */
    public io.micrometer.core.instrument.MeterRegistry registry() {
        return registry;
    }

    /** Prometheus text exposition format 0.0.4. */
    public String prometheusText() {
        return registry.scrape();
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }

    private Timer timer(String name, String description, String... tags) {
        return Timer.builder(name).description(description).tags(tags).serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry);
    }
}
