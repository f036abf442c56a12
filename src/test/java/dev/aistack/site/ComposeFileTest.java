package dev.aistack.site;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.aistack.config.ConfigLoader;
import dev.aistack.config.GatewayConfig;
import dev.aistack.config.NodeConfig;
import dev.aistack.config.Setting;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * compose.yaml (no Docker engine runs here, so it is checked as a document): it parses, names only real settings,
 * only the pinned images below, only files that exist, and its nodes files are configurations the gateway accepts.
 */
class ComposeFileTest {
    private static final Path BASE = Path.of(System.getProperty("aistack.basedir", "."));
    // The images the stack may use: published tags, pinned (checked by hand when changed; no registry is reachable
    // from the tests). aistack:local is the image compose builds from the Dockerfile.
    private static final Set<String> PINNED_IMAGES = Set.of("aistack:local", "ollama/ollama:0.6.5",
            "redis:7.4-alpine", "vllm/vllm-openai:v0.8.5", "ghcr.io/ggml-org/llama.cpp:server");
    private static final Pattern DEFAULTED = Pattern.compile("\\$\\{([A-Z0-9_]+):-([^}]*)}");

    private static JsonNode compose() throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(BASE.resolve("compose.yaml").toFile());
    }

    @Test
    void itHasTheGatewayOllamaAndRedisAndProfilesForVllmAndLlamaCpp() throws IOException {
        JsonNode services = compose().path("services");
        for (String always : new String[]{"aistack", "ollama", "redis"}) {
            assertTrue(services.has(always), always);
            assertFalse(services.path(always).has("profiles"), always + " runs without a profile");
        }
        assertEquals("vllm", services.path("vllm").path("profiles").path(0).asText());
        assertEquals("llamacpp", services.path("llamacpp").path("profiles").path(0).asText());
        assertEquals(".", services.path("aistack").path("build").asText(), "built from the repository's Dockerfile");
        assertTrue(Files.exists(BASE.resolve("Dockerfile")));
    }

    @Test
    void everyAistackVariableItSetsIsARealSetting() throws IOException {
        Set<String> settings = Arrays.stream(Setting.values()).map(Setting::env).collect(Collectors.toSet());
        Set<String> named = new TreeSet<>();
        for (JsonNode service : compose().path("services")) {
            for (Iterator<String> it = service.path("environment").fieldNames(); it.hasNext(); ) {
                named.add(it.next());
            }
        }
        Matcher m = Pattern.compile("AISTACK_[A-Z0-9_]+").matcher(Files.readString(BASE.resolve("compose.yaml")));
        Set<String> mentioned = new TreeSet<>();
        while (m.find()) {
            mentioned.add(m.group());
        }
        assertFalse(named.isEmpty());
        for (String name : named) {
            assertTrue(settings.contains(name), name + " is set in compose.yaml but is no setting of Setting.java");
        }
        mentioned.removeAll(settings);
        assertEquals(Set.of("AISTACK_NODES_FILE"), mentioned,
                "besides real settings only the compose-level AISTACK_NODES_FILE (feeding AISTACK_CONFIG_FILE)");
    }

    @Test
    void everyImageIsOneOfThePinnedOnes() throws IOException {
        for (JsonNode service : compose().path("services")) {
            String image = service.path("image").asText();
            assertTrue(PINNED_IMAGES.contains(image), image);
            assertFalse(image.endsWith(":latest"), image);
        }
    }

    @Test
    void everyMountedFileExists() throws IOException {
        for (JsonNode service : compose().path("services")) {
            for (JsonNode volume : service.path("volumes")) {
                String source = volume.asText().split(":")[0];
                if (source.startsWith("./")) {
                    assertTrue(Files.exists(BASE.resolve(source)), source);
                }
            }
        }
    }

    @Test
    void theGatewayStartsFromTheComposeEnvironmentWithEachNodesFile() throws IOException {
        Map<String, String> env = environment(compose().path("services").path("aistack").path("environment"));
        GatewayConfig plain = ConfigLoader.load(env);
        assertEquals("http://ollama:11434", plain.ollamaUrl().toString().replaceAll("/$", ""));

        try (var files = Files.list(BASE.resolve("deploy"))) {
            for (Path nodes : files.filter(f -> f.getFileName().toString().startsWith("nodes-")).toList()) {
                Map<String, String> withNodes = new HashMap<>(env);
                withNodes.put("AISTACK_CONFIG_FILE", nodes.toString());
                GatewayConfig config = ConfigLoader.load(withNodes); // throws on any mistake in the file
                assertTrue(config.nodes().stream().map(NodeConfig::name).anyMatch("ollama"::equals), nodes.toString());
                assertEquals(2, config.nodes().size(), nodes.toString());
            }
        }
    }

    /** The variables as compose would pass them with nothing exported: ${X:-d} becomes d. */
    private static Map<String, String> environment(JsonNode environment) {
        Map<String, String> env = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = environment.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            env.put(e.getKey(), DEFAULTED.matcher(e.getValue().asText()).replaceAll("$2"));
        }
        return env;
    }
}
