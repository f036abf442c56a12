package dev.aistack.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@link GatewayConfig}: environment variables win over the optional YAML file, which wins over defaults.
 * Every value is validated here, so a bad one stops start-up with a message naming the variable.
 */
public final class ConfigLoader {
    private static final String NODES_KEY = "nodes";

    private final Map<String, String> values = new HashMap<>();
    private final Map<String, String> env;
    private final String file;
    private JsonNode nodes; // the YAML file's nodes: list, read by NodesLoader; null when it has none

    private ConfigLoader(Map<String, String> env) {
        this.env = env;
        this.file = env.getOrDefault(Setting.CONFIG_FILE.env(), "");
        if (!file.isBlank()) {
            values.putAll(readYaml(Path.of(file)));
        }
        for (Setting s : Setting.values()) {
            String v = env.get(s.env());
            if (v != null) {
                values.put(s.env(), v.trim());
            }
        }
    }

    public static GatewayConfig fromEnvironment() {
        return load(System.getenv());
    }

    public static GatewayConfig load(Map<String, String> env) {
        return new ConfigLoader(env).build();
    }

    private GatewayConfig build() {
        String keepAlive = text(Setting.KEEP_ALIVE_DEFAULT);
        if (GoDuration.parseNanos(keepAlive).isEmpty()) {
            throw invalid(Setting.KEEP_ALIVE_DEFAULT, keepAlive, "a duration like 30s, 5m, 1h, 0 or -1m");
        }
        URI ollamaUrl = url(Setting.OLLAMA_URL);
        int gpuSlots = integer(Setting.GPU_SLOTS, 1, 1_000_000);
        return new GatewayConfig(
                host(),
                integer(Setting.PORT, 0, 65535),
                ollamaUrl,
                gpuSlots,
                integer(Setting.GPU_RETRY_AFTER, 0, 86_400),
                keepAlive,
                longInteger(Setting.MAX_BODY_BYTES, 1, Integer.MAX_VALUE - 8),
                duration(Setting.UPSTREAM_CONNECT_TIMEOUT),
                duration(Setting.UPSTREAM_TIMEOUT),
                duration(Setting.CLIENT_IDLE_TIMEOUT),
                duration(Setting.REQUEST_HEAD_TIMEOUT),
                duration(Setting.REQUEST_BODY_TIMEOUT),
                integer(Setting.MAX_CONNECTIONS, 1, 10_000_000),
                integer(Setting.MAX_ATTEMPTS, 1, 100),
                integer(Setting.BREAKER_FAILURES, 1, 1_000_000),
                duration(Setting.BREAKER_COOLDOWN),
                duration(Setting.PROBE_INTERVAL),
                duration(Setting.SHUTDOWN_GRACE),
                bool(Setting.LOG_PROMPTS),
                redisUrl(),
                text(Setting.REDIS_PREFIX),
                duration(Setting.REDIS_TIMEOUT),
                integer(Setting.TASKS_MAX, 1, 100_000_000),
                duration(Setting.TASK_HEARTBEAT),
                duration(Setting.TASK_TTL_ACTIVE),
                duration(Setting.TASK_TTL_DONE),
                nodes == null ? List.of(NodeConfig.fromOllamaUrl(ollamaUrl, gpuSlots))
                        : NodesLoader.load(file, nodes, env, gpuSlots),
                AccessSettingsReader.read(this::text));
    }

    String text(Setting s) {
        return values.getOrDefault(s.env(), s.defaultValue());
    }

    private String host() {
        String v = text(Setting.HOST);
        if (v.isBlank() || v.contains("/") || v.contains(" ")) {
            throw invalid(Setting.HOST, v, "a host name or IP address such as 127.0.0.1 or 0.0.0.0");
        }
        return v;
    }

    private int integer(Setting s, int min, int max) {
        return (int) longInteger(s, min, max);
    }

    private long longInteger(Setting s, long min, long max) {
        String v = text(s);
        try {
            long n = Long.parseLong(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw invalid(s, v, "a whole number from " + min + " to " + max);
    }

    private Duration duration(Setting s) {
        String v = text(s);
        return GoDuration.parsePositive(v).filter(d -> !d.isZero())
                .orElseThrow(() -> invalid(s, v, "a positive duration like 500ms, 30s or 5m"));
    }

    private boolean bool(Setting s) {
        String v = text(s);
        return switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw invalid(s, v, "true or false");
        };
    }

    private URI url(Setting s) {
        String v = text(s);
        try {
            URI uri = new URI(v);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && (uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/"))
                    && uri.getQuery() == null && uri.getUserInfo() == null) {
                return uri;
            }
        } catch (java.net.URISyntaxException ignored) {
            // reported below
        }
        throw invalid(s, v, "an http(s) base URL such as http://127.0.0.1:11434 (no path, no credentials)");
    }

    private Optional<String> redisUrl() {
        String v = text(Setting.REDIS_URL);
        if (v.isBlank()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(v);
            if (("redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme())) && uri.getHost() != null) {
                return Optional.of(v);
            }
        } catch (java.net.URISyntaxException ignored) {
            // reported below, without echoing a password
        }
        throw new ConfigException(Setting.REDIS_URL.env() + " is invalid: expected redis://[user:password@]host:port/db "
                + "or rediss://... (value not shown: it may hold a password).");
    }

    private static ConfigException invalid(Setting s, String value, String expected) {
        return new ConfigException(s.env() + "=\"" + value + "\" is invalid: expected " + expected + ".");
    }

    private Map<String, String> readYaml(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new ConfigException(Setting.CONFIG_FILE.env() + "=\"" + file + "\" cannot be read: " + e.getMessage());
        }
        Map<String, String> out = new HashMap<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return out;
        }
        if (!root.isObject()) {
            throw new ConfigException(Setting.CONFIG_FILE.env() + "=\"" + file + "\" must hold a YAML mapping.");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getKey().equals(NODES_KEY)) { // the one structured key: a list of mappings
                nodes = f.getValue();
                continue;
            }
            Setting s = Setting.all().stream().filter(x -> x.yamlKey().equals(f.getKey())).findFirst()
                    .orElseThrow(() -> new ConfigException(Setting.CONFIG_FILE.env() + "=\"" + file
                            + "\": unknown key '" + f.getKey() + "' (see docs-site/configuration.md)."));
            if (s == Setting.CONFIG_FILE || !f.getValue().isValueNode()) {
                throw new ConfigException(Setting.CONFIG_FILE.env() + "=\"" + file + "\": key '" + f.getKey()
                        + "' must be a plain value.");
            }
            out.put(s.env(), f.getValue().asText().trim());
        }
        return out;
    }
}
