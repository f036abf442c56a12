package dev.aistack.config;

import dev.aistack.config.NodeConfig.Capability;
import dev.aistack.config.NodeConfig.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The nodes: list of the YAML file: the issue's example read field by field, and every mistake named in one line. */
class NodesConfigTest {
    private static final String FULL_EXAMPLE = """
            gpu_slots: 4
            nodes:
              - name: gpu-a            # unique; appears in metrics, /readyz, logs and X-Aistack-Node
                url: http://10.0.0.5:11434
                kind: ollama
                weight: 3
                cluster: interactive
                gpu_slots: 2
                models: [llama3.2:1b]
                aliases: {chat-small: llama3.2:1b}
              - name: vllm-b
                url: http://10.0.0.6:8000
                kind: openai
                api_key_env: VLLM_KEY
                capabilities: {Qwen/Qwen2.5-7B-Instruct: [chat, completion, tools]}
                context_length: {Qwen/Qwen2.5-7B-Instruct: 32768}
              - name: openrouter
                url: https://openrouter.ai/api/
                kind: openai
                api_key_env: OPENROUTER_KEY
                fallback: true
                models: [meta-llama/llama-3.3-70b-instruct]
                aliases: {llama3.2:1b: meta-llama/llama-3.3-70b-instruct}
            """;
    private static final Map<String, String> KEYS = Map.of("VLLM_KEY", "vllm-secret-1", "OPENROUTER_KEY", "sk-or-v1-2");

    @TempDir
    Path dir;

    @Test
    void readsEveryFieldOfTheIssuesExample() throws IOException {
        List<NodeConfig> nodes = load(FULL_EXAMPLE, KEYS).nodes();
        assertEquals(List.of("gpu-a", "vllm-b", "openrouter"), nodes.stream().map(NodeConfig::name).toList());

        NodeConfig gpuA = nodes.get(0);
        assertEquals(URI.create("http://10.0.0.5:11434"), gpuA.url());
        assertEquals(Kind.OLLAMA, gpuA.kind());
        assertEquals(3, gpuA.weight());
        assertEquals(Optional.of("interactive"), gpuA.cluster());
        assertEquals(2, gpuA.gpuSlots());
        assertEquals(List.of("llama3.2:1b"), gpuA.models());
        assertFalse(gpuA.discoversModels());
        assertEquals(Map.of("chat-small", "llama3.2:1b"), gpuA.aliases());
        assertEquals(Optional.empty(), gpuA.apiKey());
        assertFalse(gpuA.fallback());

        NodeConfig vllm = nodes.get(1);
        assertEquals(Kind.OPENAI, vllm.kind());
        assertEquals(1, vllm.weight());
        assertEquals(Optional.empty(), vllm.cluster());
        assertEquals(4, vllm.gpuSlots(), "a node without gpu_slots takes AISTACK_GPU_SLOTS");
        assertTrue(vllm.discoversModels());
        assertEquals(Optional.of("VLLM_KEY"), vllm.apiKeyEnv());
        assertEquals(Optional.of("vllm-secret-1"), vllm.apiKey());
        assertEquals(Map.of("Qwen/Qwen2.5-7B-Instruct", Set.of(Capability.CHAT, Capability.COMPLETION, Capability.TOOLS)),
                vllm.capabilities());
        assertEquals(Map.of("Qwen/Qwen2.5-7B-Instruct", 32768), vllm.contextLength());

        NodeConfig openrouter = nodes.get(2);
        assertEquals("https://openrouter.ai/api", openrouter.baseUrl(), "a path prefix is kept, its trailing slash not");
        assertTrue(openrouter.fallback());
        assertEquals(Optional.of("sk-or-v1-2"), openrouter.apiKey());
        assertEquals(List.of("meta-llama/llama-3.3-70b-instruct"), openrouter.models());
        assertEquals(Map.of("llama3.2:1b", "meta-llama/llama-3.3-70b-instruct"), openrouter.aliases());
    }

    @Test
    void neverPrintsABearer() throws IOException {
        GatewayConfig config = load(FULL_EXAMPLE, KEYS);
        for (String secret : KEYS.values()) {
            assertFalse(config.toString().contains(secret), config.toString());
        }
        assertTrue(config.toString().contains("api_key_env=VLLM_KEY"), config.toString());
    }

    @Test
    void withoutANodesListTheOllamaUrlIsTheOneNode() {
        GatewayConfig config = ConfigLoader.load(Map.of("AISTACK_OLLAMA_URL", "http://gpu-box:11434/",
                "AISTACK_GPU_SLOTS", "3"));
        assertEquals(List.of(new NodeConfig("ollama", URI.create("http://gpu-box:11434"), Kind.OLLAMA, 1,
                Optional.empty(), 3, List.of(), Map.of(), Optional.empty(), Optional.empty(), false, Map.of(), Map.of())),
                config.nodes());
    }

    @Test
    void aFileWithoutANodesListKeepsTheOllamaUrlAsTheOneNode() throws IOException {
        GatewayConfig config = load("ollama_url: http://10.0.0.9:11434\n", Map.of());
        assertEquals(List.of("ollama"), config.nodes().stream().map(NodeConfig::name).toList());
        assertEquals(URI.create("http://10.0.0.9:11434"), config.nodes().get(0).url());
    }

    static Stream<Arguments> mistakes() {
        String gpuA = "  - name: gpu-a\n    url: http://10.0.0.5:11434\n";
        String vllmB = "  - name: vllm-b\n    url: http://10.0.0.6:8000\n    kind: openai\n";
        return Stream.of(
                Arguments.of("an unknown field", gpuA + "    wieght: 3\n",
                        "node 'gpu-a': unknown field 'wieght' (see docs-site/configuration.md)."),
                Arguments.of("a duplicate name", gpuA + gpuA,
                        "node #2: field 'name' must be unique: 'gpu-a' is also node #1."),
                Arguments.of("a URL of another scheme", "  - name: gpu-a\n    url: ftp://10.0.0.5\n",
                        "node 'gpu-a': field 'url' must be an http(s) base URL such as http://10.0.0.5:11434 "
                                + "(no path, query or credentials), not 'ftp://10.0.0.5'."),
                Arguments.of("a path on an ollama node", "  - name: gpu-a\n    url: http://10.0.0.5:11434/api\n",
                        "node 'gpu-a': field 'url' must be an http(s) base URL such as http://10.0.0.5:11434 "
                                + "(no path, query or credentials), not 'http://10.0.0.5:11434/api'."),
                Arguments.of("a query on an openai node", "  - name: vllm-b\n    url: http://10.0.0.6:8000/v1?x=1\n"
                                + "    kind: openai\n",
                        "node 'vllm-b': field 'url' must be an http(s) base URL such as http://10.0.0.6:8000 or "
                                + "https://openrouter.ai/api (no query or credentials), not 'http://10.0.0.6:8000/v1?x=1'."),
                Arguments.of("credentials in the URL, without echoing them",
                        "  - name: gpu-a\n    url: http://admin:hunter2@10.0.0.5:11434\n",
                        "node 'gpu-a': field 'url' must be an http(s) base URL such as http://10.0.0.5:11434 "
                                + "(no path, query or credentials) (value not shown: it holds credentials)."),
                Arguments.of("an unknown kind", gpuA + "    kind: vllm\n",
                        "node 'gpu-a': field 'kind' must be ollama or openai, not 'vllm'."),
                Arguments.of("a missing environment variable", vllmB + "    api_key_env: VLLM_KEY\n",
                        "node 'vllm-b': field 'api_key_env' names VLLM_KEY, which is not set in the environment."),
                Arguments.of("an api_key_env that is no variable name", vllmB + "    api_key_env: sk-123\n",
                        "node 'vllm-b': field 'api_key_env' must name an environment variable such as VLLM_KEY, "
                                + "not 'sk-123'."),
                Arguments.of("a bearer for an ollama node", gpuA + "    api_key_env: HOME\n",
                        "node 'gpu-a': field 'api_key_env' is only for openai nodes (Ollama takes no bearer)."),
                Arguments.of("a node without a name", "  - url: http://10.0.0.5:11434\n",
                        "node #1: field 'name' is required."),
                Arguments.of("a name with a space", "  - name: gpu a\n    url: http://10.0.0.5:11434\n",
                        "node #1: field 'name' must be letters, digits, '.', '_' or '-', not 'gpu a'."),
                Arguments.of("a node without a URL", "  - name: gpu-a\n",
                        "node 'gpu-a': field 'url' is required."),
                Arguments.of("a weight of zero", gpuA + "    weight: 0\n",
                        "node 'gpu-a': field 'weight' must be a whole number from 1 to 1000000, not '0'."),
                Arguments.of("gpu_slots in words", gpuA + "    gpu_slots: two\n",
                        "node 'gpu-a': field 'gpu_slots' must be a whole number from 1 to 1000000, not 'two'."),
                Arguments.of("a cluster given as a list", gpuA + "    cluster: [a, b]\n",
                        "node 'gpu-a': field 'cluster' must be a plain value, not a list or mapping."),
                Arguments.of("an empty models list", gpuA + "    models: []\n",
                        "node 'gpu-a': field 'models' must list at least one model (leave it out to discover them)."),
                Arguments.of("a model listed twice", gpuA + "    models: [a, a]\n",
                        "node 'gpu-a': field 'models' lists 'a' twice."),
                Arguments.of("aliases given as a list", gpuA + "    aliases: [chat-small]\n",
                        "node 'gpu-a': field 'aliases' must map each name clients send to the name this node knows, "
                                + "such as {chat-small: llama3.2:1b}."),
                Arguments.of("a fallback that is not a boolean", gpuA + "    fallback: maybe\n",
                        "node 'gpu-a': field 'fallback' must be true or false, not 'maybe'."),
                Arguments.of("an unknown capability", vllmB + "    capabilities: {m: [chat, audio]}\n",
                        "node 'vllm-b': field 'capabilities' lists 'audio' for model 'm'; known: chat, completion, "
                                + "embedding, vision, tools, thinking."),
                Arguments.of("capabilities on an ollama node", gpuA + "    capabilities: {m: [chat]}\n",
                        "node 'gpu-a': field 'capabilities' is only for openai nodes (Ollama reports its own)."),
                Arguments.of("a context length in words", vllmB + "    context_length: {m: long}\n",
                        "node 'vllm-b': field 'context_length' must be a whole number of tokens from 1 to 100000000 "
                                + "for model 'm', not 'long'."),
                Arguments.of("a node that is not a mapping", "  - gpu-a\n",
                        "node #1: must be a mapping of fields such as name: and url:."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void stopsStartUpWithOneLineNamingTheFileTheNodeAndTheField(String mistake, String nodes, String message)
            throws IOException {
        Path file = write("nodes:\n" + nodes);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(env(file, Map.of())));
        assertEquals("AISTACK_CONFIG_FILE=\"" + file + "\": " + message, e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
        assertFalse(e.getMessage().contains("hunter2"), "never echoes a password");
    }

    @Test
    void refusesANodesKeyThatIsNoList() throws IOException {
        Path file = write("nodes: gpu-a\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(env(file, Map.of())));
        assertEquals("AISTACK_CONFIG_FILE=\"" + file + "\": key 'nodes' must be a list of nodes "
                + "(see docs-site/configuration.md).", e.getMessage());
    }

    @Test
    void refusesAnEmptyNodesList() throws IOException {
        Path file = write("nodes: []\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(env(file, Map.of())));
        assertEquals("AISTACK_CONFIG_FILE=\"" + file + "\": key 'nodes' is empty: list at least one node, or leave "
                + "the key out to use AISTACK_OLLAMA_URL.", e.getMessage());
    }

    private GatewayConfig load(String yaml, Map<String, String> extraEnv) throws IOException {
        return ConfigLoader.load(env(write(yaml), extraEnv));
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("aistack.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static Map<String, String> env(Path file, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(extra);
        env.put("AISTACK_CONFIG_FILE", file.toString());
        return env;
    }
}
