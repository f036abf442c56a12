package dev.aistack;

import dev.aistack.access.Access;
import dev.aistack.anthropic.AnthropicMessages;
import dev.aistack.config.GatewayConfig;
import dev.aistack.http.AccessFilter;
import dev.aistack.http.ClientConnections;
import dev.aistack.http.ConnectionClose;
import dev.aistack.http.Drain;
import dev.aistack.http.ErrorResponses;
import dev.aistack.http.MalformedRequests;
import dev.aistack.http.RouteTable;
import dev.aistack.http.RouteTable.Mount;
import dev.aistack.http.Unmatched;
import dev.aistack.inference.Forwarder;
import dev.aistack.inference.InferencePath;
import dev.aistack.observe.GatewayMetrics;
import dev.aistack.observe.Operations;
import dev.aistack.ollama.OllamaApi;
import dev.aistack.openai.ModelInfo;
import dev.aistack.openai.Models;
import dev.aistack.openai.OpenAiInference;
import dev.aistack.openai.V1Passthrough;
import dev.aistack.routing.Fleet;
import dev.aistack.routing.ModelCatalog;
import dev.aistack.routing.Prober;
import dev.aistack.routing.Router;
import dev.aistack.scheduling.KeepAlivePolicy;
import dev.aistack.site.Contract;
import dev.aistack.site.Site;
import dev.aistack.store.StateStore;
import dev.aistack.store.StateStores;
import dev.aistack.tasks.TaskStatus;
import dev.aistack.tasks.TaskTracker;
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
    private final Router router;
    private final Prober prober;
    private final TaskTracker tasks;
    private final Access access;

    public Gateway(GatewayConfig config) {
        this.config = config;
        this.errors = new ErrorResponses(config.gpuRetryAfterSeconds());
        this.drain = new Drain(errors);
        this.router = Fleet.router(config, metrics);
        this.prober = new Prober(router, metrics);
        this.store = StateStores.fromUrl(config.redisUrl(), config.redisPrefix(), config.redisTimeout(),
                config.tasksMax());
        this.tasks = TaskTracker.create(config, store, metrics::stateError);
        this.access = new Access(config.access(), store, metrics.registry(), Clock.systemUTC(),
                config.taskTtlDone().plus(config.taskTtlActive()));
        Forwarder forwarder = new Forwarder(metrics);
        KeepAlivePolicy keepAlive = new KeepAlivePolicy(config.keepAliveDefault());
        InferencePath inference = new InferencePath(router, forwarder, metrics, keepAlive, tasks, access.gate(),
                new InferencePath.Limits(config.maxBodyBytes(), config.logPrompts(), config.maxAttempts()));
        // The route table: each generated OpenAPI interface, mounted where its paths start. Order matters only for
        // the /v1 passthrough, which takes what the routes before it did not.
        ModelCatalog catalog = new ModelCatalog(router);
        this.routes = new RouteTable(List.of(
                new Mount("/v1", new OpenAiInference(inference)),
                new Mount("/v1", new AnthropicMessages(inference)),
                new Mount("/v1/models", new Models(catalog)),
                new Mount("/v1/info", new ModelInfo(catalog)),
                new Mount("/v1/me", access.callingKeyService()),
                new Mount("/v1", new V1Passthrough(router, forwarder, config.maxBodyBytes(), this::servesItself)),
                new Mount("/tasks/status", access.ownTasks(new TaskStatus(tasks), tasks)),
                new Mount("/admin/v1/keys", access.adminService()),
                new Mount("/", new Operations(router, store, metrics, drain::draining)),
                new Mount("/", new OllamaApi(inference, router, forwarder, keepAlive, access.gate(),
                        config.maxBodyBytes())),
                new Mount("/", new Contract()),
                Mount.staticContent("/", new Site())));
    }

    /** Whether one of the gateway's own routes (not the /v1 catch-all) has this path, under any method. */
    private boolean servesItself(String path) {
        return !routes.methodsFor(path).isEmpty();
    }

    /** Releases what the gateway holds beyond the server: pending keep_alive calls (let finish), the state store. */
    public void close() {
        prober.close();
        router.close();
        tasks.close(); // before the store: its last status writes still need it
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
        if (!config.implicitFleet()) { // one implicit node gets every request anyway; /readyz asks it live
            prober.start(config.probeInterval()); // a fleet is watched from the moment a server is set up
        }
        server.host(config.host())
                .port(config.port())
                .shutdownHook(false) // Main drains first, then stops (see Drain)
                .routing(this::routing);
        MalformedRequests.install(server); // Helidon's own refusals get the catalog envelope and a request id
        // Socket options (TCP_NODELAY on), client departure and stall detection, timeouts and connection cap.
        ClientConnections.install(server, config);
    }

    public void routing(HttpRouting.Builder routing) {
        routing.addFilter(new ConnectionClose()); // outermost: runs after the access line is written
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
