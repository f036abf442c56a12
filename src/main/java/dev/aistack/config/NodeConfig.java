package dev.aistack.config;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One backend node as the {@code nodes:} list of the YAML file declares it, validated by {@link NodesLoader}
 * (fields and defaults: {@link NodeField}, docs-site/configuration.md). Without that list the gateway has one node,
 * {@link #fromOllamaUrl}: today's single Ollama.
 *
 * @param name          unique among the nodes; letters, digits, '.', '_' and '-'
 * @param url           base URL without a trailing slash; an openai node's may end in a path prefix
 * @param kind          which kind of server it is
 * @param weight        share in weighted round robin, at least 1
 * @param cluster       the cluster it belongs to, if any
 * @param gpuSlots      calls its GPU takes at once
 * @param models        the models it serves; empty: discover them from the node
 * @param aliases       a name clients send to the name this node knows (insertion order kept)
 * @param apiKeyEnv     the environment variable the bearer was read from, if any
 * @param apiKey        the bearer sent to the node, read at start-up; never printed
 * @param fallback      used only when no other node can serve the model
 * @param capabilities  per model, what it can do (openai nodes; Ollama reports its own)
 * @param contextLength per model, its context length in tokens (openai nodes)
 */
public record NodeConfig(
        String name,
        URI url,
        Kind kind,
        int weight,
        Optional<String> cluster,
        int gpuSlots,
        List<String> models,
        Map<String, String> aliases,
        Optional<String> apiKeyEnv,
        Optional<String> apiKey,
        boolean fallback,
        Map<String, Set<Capability>> capabilities,
        Map<String, Integer> contextLength) {

    /** The kinds of inference server the gateway knows how to talk to. */
    public enum Kind {
        OLLAMA, OPENAI;

        public String yamlName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What a model can do, as /v1/info reports it (Ollama's /api/show capability names). */
    public enum Capability {
        CHAT, COMPLETION, EMBEDDING, VISION, TOOLS, THINKING;

        public String yamlName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The one node of a gateway without a nodes list: AISTACK_OLLAMA_URL, named "ollama". */
    public static NodeConfig fromOllamaUrl(URI ollamaUrl, int gpuSlots) {
        return new NodeConfig("ollama", NodesLoader.withoutTrailingSlash(ollamaUrl), Kind.OLLAMA, 1, Optional.empty(),
                gpuSlots, List.of(), Map.of(), Optional.empty(), Optional.empty(), false, Map.of(), Map.of());
    }

    /** Whether the node's models are asked from it (no {@code models:} in the file). */
    public boolean discoversModels() {
        return models.isEmpty();
    }

    /** The base URL as shown in messages and logs. */
    public String baseUrl() {
        return url.toString();
    }

    @Override
    public String toString() { // never print the bearer
        return "NodeConfig[" + name + " " + kind.yamlName() + " " + url + ", weight=" + weight
                + cluster.map(c -> ", cluster=" + c).orElse("") + ", gpu_slots=" + gpuSlots
                + (fallback ? ", fallback" : "") + apiKeyEnv.map(e -> ", api_key_env=" + e).orElse("") + "]";
    }
}
