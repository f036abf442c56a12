package dev.aistack.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One field of a node in the YAML file's {@code nodes:} list: its key, its default and what it means. The list is
 * the reference: {@link NodesLoader} refuses any other key and docs-site/configuration.md has one row per field.
 */
public enum NodeField {
    NAME("(required)", "Unique name; shown in metrics, /readyz, logs and X-Aistack-Node."),
    URL("(required)", "Base URL of the node: http(s)://host:port; an openai node may add a path prefix."),
    KIND("ollama", "ollama or openai (vLLM, llama.cpp llama-server, SGLang, TGI, LocalAI, remote providers)."),
    WEIGHT("1", "Share of requests in weighted round robin; stronger GPUs take more."),
    CLUSTER("(none)", "Keys bound to a cluster use only its nodes."),
    GPU_SLOTS("AISTACK_GPU_SLOTS", "Calls this node's GPU takes at once."),
    MODELS("(discovered)", "The models this node serves; default: asked from the node."),
    ALIASES("(none)", "Map of a name clients send to the name this node knows."),
    API_KEY_ENV("(none)", "Environment variable holding the bearer token sent to the node (openai nodes)."),
    FALLBACK("false", "Used only when no other node can serve the model."),
    CAPABILITIES("(none)", "Map of model to its capabilities (openai nodes)."),
    CONTEXT_LENGTH("(none)", "Map of model to its context length in tokens (openai nodes).");

    private final String defaultValue;
    private final String description;

    NodeField(String defaultValue, String description) {
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** The YAML key: {@code API_KEY_ENV} is {@code api_key_env}. */
    public String yamlKey() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    public static Optional<NodeField> byKey(String key) {
        return all().stream().filter(f -> f.yamlKey().equals(key)).findFirst();
    }

    public static List<NodeField> all() {
        return List.of(values());
    }
}
