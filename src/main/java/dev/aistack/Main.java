package dev.aistack;

import dev.aistack.config.ConfigException;
import dev.aistack.config.ConfigLoader;
import dev.aistack.config.GatewayConfig;
import dev.aistack.http.Route;
import dev.aistack.observe.Logging;
import io.helidon.webserver.WebServer;

import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Wiring only: config, then the gateway, then the server, then a shutdown hook that drains before stopping. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Logging.jsonToStdout();
        Logger log = Logger.getLogger("aistack");
        GatewayConfig config;
        try {
            config = ConfigLoader.fromEnvironment();
        } catch (ConfigException e) {
            System.err.println("aistack: " + e.getMessage());
            System.exit(2);
            return;
        }
        Gateway gateway = new Gateway(config);
        WebServer server = gateway.start();
        MemoryReturn memory = MemoryReturn.forThisJvm(gateway.drain()::admitted);
        memory.start();
        log.log(Level.INFO, "listening", new Object[]{Map.of("url", "http://" + config.host() + ":" + server.port(),
                "ollama", config.ollamaBase(), "gpu_slots", config.gpuSlots())});
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Logging.direct("aistack", "draining", Map.of("in_flight", gateway.drain().inFlight(),
                    "grace_ms", config.shutdownGrace().toMillis()));
            boolean clean = gateway.drain().drain(config.shutdownGrace());
            Logging.direct("aistack", "stopping", Map.of("drained", clean, "in_flight", gateway.drain().inFlight()));
            memory.close();
            server.stop();
            gateway.close();
        }, "aistack-shutdown"));
    }

    /** Every route the server registers, for the route-coverage gate. */
    public static Set<Route> knownRoutes() {
        return new Gateway(ConfigLoader.load(Map.of())).routes().routes();
    }
}
