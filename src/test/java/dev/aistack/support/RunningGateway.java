package dev.aistack.support;

import dev.aistack.Gateway;
import dev.aistack.config.ConfigLoader;
import dev.aistack.config.GatewayConfig;
import io.helidon.webserver.WebServer;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/** A real gateway on a free loopback port, configured like production from AISTACK_* values. */
public final class RunningGateway implements AutoCloseable {
    private final Gateway gateway;
    private final WebServer server;

    private RunningGateway(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.putIfAbsent("AISTACK_PORT", "0");
        all.putIfAbsent("AISTACK_HOST", "127.0.0.1");
        GatewayConfig config = ConfigLoader.load(all);
        this.gateway = new Gateway(config);
        this.server = gateway.start();
    }

    /** A gateway whose one node is an OpenAI-compatible server (kind: openai) at nodeUrl, plus any settings. */
    public static RunningGateway inFrontOfOpenAiNode(String nodeUrl, String... settings) {
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("aistack-openai-node", ".yaml");
            file.toFile().deleteOnExit();
            java.nio.file.Files.writeString(file, "nodes:\n  - name: vllm\n    url: " + nodeUrl + "\n    kind: openai\n");
            Map<String, String> env = new HashMap<>();
            env.put("AISTACK_CONFIG_FILE", file.toString());
            for (int i = 0; i < settings.length; i += 2) {
                env.put(settings[i], settings[i + 1]);
            }
            return new RunningGateway(env);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A gateway in front of the given Ollama URL, plus any other settings as key/value pairs. */
    public static RunningGateway inFrontOf(String ollamaUrl, String... settings) {
        Map<String, String> env = new HashMap<>();
        env.put("AISTACK_OLLAMA_URL", ollamaUrl);
        for (int i = 0; i < settings.length; i += 2) {
            env.put(settings[i], settings[i + 1]);
        }
        return new RunningGateway(env);
    }

    public int port() {
        return server.port();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    public URI uri(String path) {
        return URI.create(url() + path);
    }

    public Gateway gateway() {
        return gateway;
    }

    @Override
    public void close() {
        server.stop();
        gateway.close();
    }
}
