package dev.aistack.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Where the contract files live, and how they are read. Surefire sets {@code aistack.basedir}; IDEs run in the root.
 */
public final class ContractFiles {
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ContractFiles() {
    }

    public static Path root() {
        String dir = System.getProperty("aistack.basedir");
        return Path.of(dir != null && !dir.isBlank() ? dir : System.getProperty("user.dir"));
    }

    public static Path spec() {
        return root().resolve("openapi/aistack-v1.yaml");
    }

    public static Path baselineSpec() {
        return root().resolve("openapi/baseline/aistack-v1.yaml");
    }

    public static Path catalog() {
        return root().resolve("errors/catalog.json");
    }

    public static Path baselineCatalog() {
        return root().resolve("errors/baseline/catalog.json");
    }

    /** A .json file strictly as JSON, anything else as YAML. */
    public static JsonNode read(Path file) {
        ObjectMapper mapper = file.getFileName().toString().endsWith(".json") ? JSON : YAML;
        try {
            return mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
