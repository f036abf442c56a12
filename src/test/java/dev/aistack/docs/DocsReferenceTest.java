package dev.aistack.docs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aistack.config.Setting;
import dev.aistack.contract.ContractFiles;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reference pages cannot fall behind the code: every setting and every error code is documented. */
class DocsReferenceTest {
    private static String read(String file) throws Exception {
        return Files.readString(ContractFiles.root().resolve(Path.of(file)));
    }

    @Test
    void everySettingIsInTheConfigurationPageAndTheReadme() throws Exception {
        String page = read("docs-site/configuration.md");
        String readme = read("README.md");
        for (Setting s : Setting.values()) {
            String row = "| `" + s.env() + "` | `" + s.yamlKey() + "` | "
                    + (s.defaultValue().isEmpty() ? "(empty)" : "`" + s.defaultValue() + "`") + " |";
            assertTrue(page.contains(row), "docs-site/configuration.md lacks the row " + row);
            assertTrue(readme.contains("| `" + s.env() + "` |"), "README.md's table lacks " + s.env());
        }
    }

    @Test
    void everyCatalogCodeIsInTheErrorsPage() throws Exception {
        String page = read("docs-site/errors.md");
        for (JsonNode e : ContractFiles.read(ContractFiles.catalog()).path("errors")) {
            String row = "| `" + e.path("code").asText() + "` | " + e.path("status").asInt() + " |";
            assertTrue(page.contains(row), "docs-site/errors.md lacks " + row);
        }
    }
}
