package dev.aistack;

import dev.aistack.access.Access;
import dev.aistack.config.GatewayConfig;
import dev.aistack.http.AccessFilter;
import dev.aistack.http.Drain;
import dev.aistack.http.ErrorResponses;
import dev.aistack.http.RouteTable;
import dev.aistack.http.RouteTable.Mount;
import dev.aistack.http.Unmatched;
import dev.aistack.observe.GatewayMetrics;
import dev.aistack.observe.Operations;
import dev.aistack.openai.ChatCompletions;
import dev.aistack.openai.Completions;
import dev.aistack.openai.Embeddings;
import dev.aistack.openai.Inference;
import dev.aistack.openai.Models;
import dev.aistack.openai.Passthrough;
import dev.aistack.openai.Responses;
import dev.aistack.openai.V1Passthrough;
import dev.aistack.scheduling.GpuSlots;
import dev.aistack.scheduling.KeepAlivePolicy;
import dev.aistack.site.Contract;
import dev.aistack.store.StateStore;
import dev.aistack.store.StateStores;
import dev.aistack.tasks.TaskStatus;
import dev.aistack.tasks.TaskTracker;
import dev.aistack.upstream.OllamaClient;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;

import java.time.Clock;
import java.util.List;

/** One gateway: its components wired from a config, and the routing they serve. Main and the tests both use it. */
public final class Gateway {
    private final GatewayConfig config;
    private final GatewayMetrics metrics = new GatewayMetrics();
    private final ErrorResponses errors;
    private final Drain drain;
    private final RouteTable routes;
    private final StateStore store;
    private final Access access;

    public Gateway(GatewayConfig config) {
        this.config = config;
        this.errors = new ErrorResponses(config.gpuRetryAfterSeconds());
        this.drain = new Drain(errors);
        OllamaClient ollama = new OllamaClient(config);
        GpuSlots slots = new GpuSlots(config.gpuSlots(), metrics::gpuRejected);
        metrics.gpuSlots(slots::inUse, slots.capacity());
        KeepAlivePolicy keepAlive = new KeepAlivePolicy(config.keepAliveDefault(), ollama, metrics::keepAliveFailed,
                KeepAlivePolicy.RESEND_AT_MOST_EVERY);
        Passthrough passthrough = new Passthrough(ollama, slots, keepAlive, metrics);
        this.store = StateStores.fromUrl(config.redisUrl(), config.redisPrefix());
        TaskTracker tasks = new TaskTracker(store, new TaskTracker.Timing(config.taskTtlActive(),
                config.taskTtlDone(), config.taskHeartbeat()), metrics::stateError, Clock.systemUTC());
        this.access = new Access(config.access(), store, metrics.registry(), Clock.systemUTC(),
                config.taskTtlDone().plus(config.taskTtlActive()));
        Inference inference = new Inference(passthrough, keepAlive, tasks, config.maxBodyBytes(), config.logPrompts(),
                access.gate());
        // The route table: each generated OpenAPI interface, mounted where its paths start. Order matters only for
        // the /v1 passthrough, which takes what the routes before it did not.
        this.routes = new RouteTable(List.of(
                new Mount("/v1/chat/completions", new ChatCompletions(inference)),
                new Mount("/v1/completions", new Completions(inference)),
                new Mount("/v1/responses", new Responses(inference)),
                new Mount("/v1/embeddings", new Embeddings(inference)),
                new Mount("/v1/models", new Models(ollama)),
                new Mount("/v1/me", access.callingKeyService()),
                new Mount("/v1", new V1Passthrough(passthrough, config.maxBodyBytes(), this::servesItself)),
                new Mount("/tasks/status", access.ownTasks(new TaskStatus(tasks), tasks)),
                new Mount("/admin/v1/keys", access.adminService()),
                new Mount("/", new Operations(ollama, store, metrics, drain::draining)),
                new Mount("/", new Contract())));
    }

    /** Whether one of the gateway's own routes (not the /v1 catch-all) has this path, under any method. */
    private boolean servesItself(String path) {
        return !routes.methodsFor(path).isEmpty();
    }

    /** Releases what the gateway holds beyond the server (the state store's connections). */
    public void close() {
        store.close();
    }

    public RouteTable routes() {
        return routes;
    }

    public Drain drain() {
        return drain;
    }

    /** Listener settings and routing; also called by tests' {@code @SetUpServer}. */
    public void configure(WebServerConfig.Builder server) {
        server.host(config.host())
                .port(config.port())
                .shutdownHook(false) // Main drains first, then stops (see Drain)
                // Without TCP_NODELAY a stream's first event waits ~40 ms for the client's delayed ACK (Nagle).
                .connectionOptions(so -> so.tcpNoDelay(true))
                .routing(this::routing);
    }

    public void routing(HttpRouting.Builder routing) {
        routing.addFilter(new AccessFilter(metrics));
        routing.addFilter(drain);
        access.registerOn(routing, errors);
        errors.registerOn(routing);
        routes.registerOn(routing);
        Unmatched unmatched = new Unmatched(routes, errors);
        routing.any(unmatched::handle);
    }

    public WebServer start() {
        WebServerConfig.Builder server = WebServer.builder();
        configure(server);
        return server.build().start();
    }
}
