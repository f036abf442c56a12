package dev.aistack.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {
    @Test
    void defaultsMatchTheDocumentedOnes() {
        GatewayConfig c = ConfigLoader.load(Map.of());
        assertEquals("127.0.0.1", c.host());
        assertEquals(11535, c.port());
        assertEquals("http://127.0.0.1:11434", c.ollamaBase());
        assertEquals(1, c.gpuSlots());
        assertEquals("30s", c.keepAliveDefault());
        assertEquals(16L * 1024 * 1024, c.maxBodyBytes());
        assertFalse(c.logPrompts());
    }

    @Test
    void environmentOverridesTheYamlFileWhichOverridesDefaults(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("aistack.yaml");
        Files.writeString(yaml, "gpu_slots: 3\nport: 9000\nupstream_timeout: 90s\n");
        GatewayConfig c = ConfigLoader.load(Map.of("AISTACK_CONFIG_FILE", yaml.toString(), "AISTACK_PORT", "9100"));
        assertEquals(3, c.gpuSlots());
        assertEquals(9100, c.port());
        assertEquals(Duration.ofSeconds(90), c.upstreamTimeout());
    }

    @Test
    void anInvalidValueNamesItsVariable() {
        assertMessageNames("AISTACK_PORT", Map.of("AISTACK_PORT", "eleven"));
        assertMessageNames("AISTACK_GPU_SLOTS", Map.of("AISTACK_GPU_SLOTS", "0"));
        assertMessageNames("AISTACK_OLLAMA_URL", Map.of("AISTACK_OLLAMA_URL", "ftp://host"));
        assertMessageNames("AISTACK_KEEP_ALIVE_DEFAULT", Map.of("AISTACK_KEEP_ALIVE_DEFAULT", "300"));
        assertMessageNames("AISTACK_UPSTREAM_TIMEOUT", Map.of("AISTACK_UPSTREAM_TIMEOUT", "soon"));
        assertMessageNames("AISTACK_LOG_PROMPTS", Map.of("AISTACK_LOG_PROMPTS", "maybe"));
        assertMessageNames("AISTACK_MAX_BODY_BYTES", Map.of("AISTACK_MAX_BODY_BYTES", "-5"));
    }

    @Test
    void anUnknownYamlKeyIsRefused(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("aistack.yaml");
        Files.writeString(yaml, "gpu_slot: 3\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(Map.of("AISTACK_CONFIG_FILE", yaml.toString())));
        assertTrue(e.getMessage().contains("gpu_slot"), e.getMessage());
    }

    private static void assertMessageNames(String variable, Map<String, String> env) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(env));
        assertTrue(e.getMessage().startsWith(variable + "="), e.getMessage());
    }
}
