package dev.aistack.upstream;

import dev.aistack.Gateway;
import dev.aistack.config.ConfigLoader;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Both sockets of a relay send small writes at once: with Nagle's algorithm a stream's first event waited ~40 ms
 * for the peer's delayed ACK on a reused connection (bench/run measures the time; this pins the cause).
 */
class TcpNoDelayTest {
    @Test
    void theServerSetsTcpNoDelayOnClientConnections() {
        WebServerConfig.Builder server = WebServer.builder();
        new Gateway(ConfigLoader.load(Map.of("AISTACK_PORT", "0"))).configure(server);
        assertTrue(server.build().prototype().connectionOptions().tcpNoDelay());
    }

    @Test
    void theUpstreamClientSetsTcpNoDelayOnBackendConnections() {
        UpstreamClient client = new UpstreamClient(URI.create("http://127.0.0.1:9"), Duration.ofSeconds(1),
                Duration.ofSeconds(1), UpstreamFailures.ollama("http://127.0.0.1:9"));
        assertTrue(client.socketOptions().tcpNoDelay());
    }
}
