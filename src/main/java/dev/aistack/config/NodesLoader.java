package dev.aistack.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the {@code nodes:} list of the YAML file into {@link NodeConfig}s. Every mistake stops start-up with one line
 * naming the file, the node (by name, or by position when it has none) and the field, so a fleet is never half read.
 */
final class NodesLoader {
    // Names appear in metric labels, log fields and a response header: keep them to characters that need no quoting.
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final int MAX_COUNT = 1_000_000;
    private static final int MAX_CONTEXT = 100_000_000;

    private final String file;
    private final Map<String, String> env;
    private final int defaultGpuSlots;

    private NodesLoader(String file, Map<String, String> env, int defaultGpuSlots) {
        this.file = file;
        this.env = env;
        this.defaultGpuSlots = defaultGpuSlots;
    }

    /**
     * The nodes the list declares, in file order.
     *
     * @param file            the file's name, as the messages show it
     * @param list            the value of its {@code nodes:} key
     * @param env             where {@code api_key_env} variables are read
     * @param defaultGpuSlots AISTACK_GPU_SLOTS, for nodes that name no {@code gpu_slots}
     */
    static List<NodeConfig> load(String file, JsonNode list, Map<String, String> env, int defaultGpuSlots) {
        return new NodesLoader(file, env, defaultGpuSlots).read(list);
    }

    static URI withoutTrailingSlash(URI uri) {
        String s = uri.toString();
        return s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : uri;
    }

    private List<NodeConfig> read(JsonNode list) {
        String where = Setting.CONFIG_FILE.env() + "=\"" + file + "\": ";
        if (!list.isArray()) {
            throw new ConfigException(where + "key 'nodes' must be a list of nodes (see docs-site/configuration.md).");
        }
        if (list.isEmpty()) {
            throw new ConfigException(where + "key 'nodes' is empty: list at least one node, or leave the key out to "
                    + "use AISTACK_OLLAMA_URL.");
        }
        List<NodeConfig> nodes = new ArrayList<>();
        Map<String, Integer> positions = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            NodeConfig node = new Node(i + 1, list.get(i)).read();
            Integer earlier = positions.putIfAbsent(node.name(), i + 1);
            if (earlier != null) {
                throw new ConfigException(where + "node #" + (i + 1) + ": field 'name' must be unique: '" + node.name()
                        + "' is also node #" + earlier + ".");
            }
            nodes.add(node);
        }
        return List.copyOf(nodes);
    }

    /** One entry of the list, read field by field. */
    private final class Node {
        private final JsonNode fields;
        private String ref;

        Node(int position, JsonNode fields) {
            this.fields = fields;
            this.ref = "#" + position;
        }

        NodeConfig read() {
            if (!fields.isObject()) {
                throw new ConfigException(prefix() + "must be a mapping of fields such as name: and url:.");
            }
            Iterator<String> keys = fields.fieldNames();
            String name = required(NodeField.NAME);
            if (!NAME.matcher(name).matches()) {
                throw invalid(NodeField.NAME, "must be letters, digits, '.', '_' or '-', not '" + name + "'");
            }
            ref = "'" + name + "'";
            while (keys.hasNext()) {
                String key = keys.next();
                if (NodeField.byKey(key).isEmpty()) {
                    throw new ConfigException(prefix() + "unknown field '" + key + "' (see docs-site/configuration.md).");
                }
            }
            NodeConfig.Kind kind = optional(NodeField.KIND).map(this::kind).orElse(NodeConfig.Kind.OLLAMA);
            URI url = url(required(NodeField.URL), kind);
            Optional<String> apiKeyEnv = optional(NodeField.API_KEY_ENV);
            apiKeyEnv.ifPresent(v -> openAiOnly(NodeField.API_KEY_ENV, kind, "Ollama takes no bearer"));
            Optional<String> apiKey = apiKeyEnv.map(this::secret);
            if (kind == NodeConfig.Kind.OLLAMA) {
                for (NodeField f : List.of(NodeField.CAPABILITIES, NodeField.CONTEXT_LENGTH)) {
                    if (given(f)) {
                        openAiOnly(f, kind, "Ollama reports its own");
                    }
                }
            }
            return new NodeConfig(
                    name,
                    url,
                    kind,
                    optional(NodeField.WEIGHT).map(v -> count(NodeField.WEIGHT, v, MAX_COUNT)).orElse(1),
                    optional(NodeField.CLUSTER).map(this::cluster),
                    optional(NodeField.GPU_SLOTS).map(v -> count(NodeField.GPU_SLOTS, v, MAX_COUNT))
                            .orElse(defaultGpuSlots),
                    models(),
                    aliases(),
                    apiKeyEnv,
                    apiKey,
                    optional(NodeField.FALLBACK).map(this::bool).orElse(false),
                    perModel(NodeField.CAPABILITIES, this::capabilities,
                            "must map each model to a list of " + capabilityNames() + ", such as {my-model: [chat, tools]}"),
                    perModel(NodeField.CONTEXT_LENGTH, this::contextLength,
                            "must map each model to its context length in tokens, such as {my-model: 32768}"));
        }

        // --- one method per kind of value -----------------------------------------------------------------------

        private NodeConfig.Kind kind(String v) {
            for (NodeConfig.Kind k : NodeConfig.Kind.values()) {
                if (k.yamlName().equals(v)) {
                    return k;
                }
            }
            throw invalid(NodeField.KIND, "must be ollama or openai, not '" + v + "'");
        }

        private URI url(String v, NodeConfig.Kind kind) {
            boolean prefixAllowed = kind == NodeConfig.Kind.OPENAI;
            String expected = prefixAllowed
                    ? "must be an http(s) base URL such as http://10.0.0.6:8000 or https://openrouter.ai/api "
                    + "(no query or credentials)"
                    : "must be an http(s) base URL such as http://10.0.0.5:11434 (no path, query or credentials)";
            try {
                URI uri = new URI(v);
                if (uri.getRawUserInfo() != null) {
                    throw invalid(NodeField.URL, expected + " (value not shown: it holds credentials)");
                }
                String path = uri.getRawPath() == null ? "" : uri.getRawPath();
                if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                        && uri.getRawQuery() == null && uri.getRawFragment() == null
                        && (prefixAllowed || path.isEmpty() || path.equals("/")) && !path.contains("//")) {
                    return withoutTrailingSlash(uri);
                }
            } catch (URISyntaxException ignored) {
                // reported below
            }
            throw invalid(NodeField.URL, expected + ", not '" + v + "'");
        }

        private int count(NodeField f, String v, int max) {
            try {
                int n = Integer.parseInt(v);
                if (n >= 1 && n <= max) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw invalid(f, "must be a whole number from 1 to " + max + ", not '" + v + "'");
        }

        private String cluster(String v) {
            if (!NAME.matcher(v).matches()) {
                throw invalid(NodeField.CLUSTER, "must be letters, digits, '.', '_' or '-', not '" + v + "'");
            }
            return v;
        }

        private boolean bool(String v) {
            return switch (v.toLowerCase(Locale.ROOT)) {
                case "true", "1", "yes" -> true;
                case "false", "0", "no" -> false;
                default -> throw invalid(NodeField.FALLBACK, "must be true or false, not '" + v + "'");
            };
        }

        private String secret(String variable) {
            if (!ENV_NAME.matcher(variable).matches()) {
                throw invalid(NodeField.API_KEY_ENV, "must name an environment variable such as VLLM_KEY, not '"
                        + variable + "'");
            }
            String value = env.get(variable);
            if (value == null || value.isBlank()) {
                throw invalid(NodeField.API_KEY_ENV, "names " + variable + ", which is not set in the environment");
            }
            return value.trim();
        }

        private List<String> models() {
            JsonNode v = fields.get(NodeField.MODELS.yamlKey());
            if (v == null || v.isNull()) {
                return List.of();
            }
            String expected = "must be a list of model names such as [llama3.2:1b]";
            if (!v.isArray()) {
                throw invalid(NodeField.MODELS, expected);
            }
            if (v.isEmpty()) {
                throw invalid(NodeField.MODELS, "must list at least one model (leave it out to discover them)");
            }
            Set<String> models = new LinkedHashSet<>();
            for (JsonNode m : v) {
                String model = text(m).orElseThrow(() -> invalid(NodeField.MODELS, expected));
                if (!models.add(model)) {
                    throw invalid(NodeField.MODELS, "lists '" + model + "' twice");
                }
            }
            return List.copyOf(models);
        }

        private Map<String, String> aliases() {
            return perModel(NodeField.ALIASES, (model, v) -> text(v).orElse(null),
                    "must map each name clients send to the name this node knows, such as {chat-small: llama3.2:1b}");
        }

        private Set<NodeConfig.Capability> capabilities(String model, JsonNode v) {
            if (!v.isArray() || v.isEmpty()) {
                return null;
            }
            Set<NodeConfig.Capability> out = EnumSet.noneOf(NodeConfig.Capability.class);
            for (JsonNode c : v) {
                String name = text(c).orElse(c.toString());
                out.add(Arrays.stream(NodeConfig.Capability.values()).filter(k -> k.yamlName().equals(name))
                        .findFirst().orElseThrow(() -> invalid(NodeField.CAPABILITIES, "lists '" + name + "' for model '"
                                + model + "'; known: " + capabilityNames())));
            }
            return Collections.unmodifiableSet(out);
        }

        private Integer contextLength(String model, JsonNode v) {
            Optional<String> t = text(v);
            if (t.isEmpty()) {
                return null;
            }
            try {
                int n = Integer.parseInt(t.get());
                if (n >= 1 && n <= MAX_CONTEXT) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw invalid(NodeField.CONTEXT_LENGTH, "must be a whole number of tokens from 1 to " + MAX_CONTEXT
                    + " for model '" + model + "', not '" + t.get() + "'");
        }

        // --- reading fields ---------------------------------------------------------------------------------------

        /** A mapping from a model name to a value; {@code value} answers null when the value has the wrong shape. */
        private <T> Map<String, T> perModel(NodeField f, BiFunction<String, JsonNode, T> value,
                                            String expected) {
            JsonNode v = fields.get(f.yamlKey());
            if (v == null || v.isNull()) {
                return Map.of();
            }
            if (!v.isObject()) {
                throw invalid(f, expected);
            }
            Map<String, T> out = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> entries = v.fields();
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> e = entries.next();
                T t = e.getKey().isBlank() ? null : value.apply(e.getKey(), e.getValue());
                if (t == null) {
                    throw invalid(f, expected);
                }
                out.put(e.getKey(), t);
            }
            return Collections.unmodifiableMap(out);
        }

        private boolean given(NodeField f) {
            JsonNode v = fields.get(f.yamlKey());
            return v != null && !v.isNull();
        }

        private String required(NodeField f) {
            return optional(f).orElseThrow(() -> invalid(f, "is required"));
        }

        /** A plain value, trimmed; absent when the key is missing or null; refused when it is a list or mapping. */
        private Optional<String> optional(NodeField f) {
            JsonNode v = fields.get(f.yamlKey());
            if (v == null || v.isNull()) {
                return Optional.empty();
            }
            if (!v.isValueNode()) {
                throw invalid(f, "must be a plain value, not a list or mapping");
            }
            return Optional.of(text(v).orElseThrow(() -> invalid(f, "must not be empty")));
        }

        private void openAiOnly(NodeField f, NodeConfig.Kind kind, String why) {
            if (kind != NodeConfig.Kind.OPENAI) {
                throw invalid(f, "is only for openai nodes (" + why + ")");
            }
        }

        private String prefix() {
            return Setting.CONFIG_FILE.env() + "=\"" + file + "\": node " + ref + ": ";
        }

        private ConfigException invalid(NodeField f, String problem) {
            return new ConfigException(prefix() + "field '" + f.yamlKey() + "' " + problem + ".");
        }
    }

    private static Optional<String> text(JsonNode v) {
        if (v == null || !v.isValueNode() || v.isNull() || v.asText().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(v.asText().trim());
    }

    private static String capabilityNames() {
        return Arrays.stream(NodeConfig.Capability.values()).map(NodeConfig.Capability::yamlName)
                .collect(Collectors.joining(", "));
    }
}
