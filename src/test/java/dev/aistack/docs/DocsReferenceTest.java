package dev.aistack.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aistack.config.NodeField;
import dev.aistack.config.Setting;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.Function;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reference pages cannot fall behind the code: every setting (variable, YAML key, default) is in the
 * configuration page and the README, every field of a node in the YAML nodes: list (key, default) is in the
 * configuration page, every catalog code (with its status and kind) is in the errors page, and
 * neither page keeps a row for something the code no longer has.
 */
class DocsReferenceTest {
    private static final Pattern SETTING_ROW = Pattern.compile("(?m)^\\| `(AISTACK_[A-Z0-9_]+)` \\|");
    private static final Pattern NODE_FIELD_ROW = Pattern.compile("(?m)^\\| `([a-z_]+)` \\| ");
    private static final Pattern CODE_ROW = Pattern.compile("(?m)^\\| `([a-z0-9_]+)` \\| (\\d{3}) \\|");

    /** Surefire sets aistack.basedir to the project folder; an IDE runs in it. */
    private static Path root() {
        String dir = System.getProperty("aistack.basedir");
        return Path.of(dir != null && !dir.isBlank() ? dir : System.getProperty("user.dir"));
    }

    private static String read(String file) throws IOException {
        return Files.readString(root().resolve(file));
    }

    private static String code(String text) {
        return "`" + text + "`";
    }

    /** The configuration page's row start: variable, YAML key, default, as Setting says. */
    static String configurationRow(Setting s) {
        // ConfigLoader refuses config_file inside the file itself: the page must not offer it as a YAML key.
        String yaml = s == Setting.CONFIG_FILE ? "(environment only)" : code(s.yamlKey());
        String def = s.defaultValue().isEmpty() ? "(empty)" : code(s.defaultValue());
        return "| " + code(s.env()) + " | " + yaml + " | " + def + " |";
    }

    /** The README table's row start: variable, default. */
    static String readmeRow(Setting s) {
        String def = s.defaultValue().isEmpty() ? "(empty)" : code(s.defaultValue());
        return "| " + code(s.env()) + " | " + def + " |";
    }

    @Test
    void everySettingHasItsRowInTheConfigurationPage() throws Exception {
        List<String> missing = missingRows("docs-site/configuration.md", Setting.values(),
                DocsReferenceTest::configurationRow);
        assertTrue(missing.isEmpty(), "docs-site/configuration.md lacks (or has a wrong key or default in) the rows "
                + missing);
    }

    @Test
    void everySettingHasItsRowInTheReadme() throws Exception {
        List<String> missing = missingRows("README.md", Setting.values(), DocsReferenceTest::readmeRow);
        assertTrue(missing.isEmpty(), "README.md's configuration table lacks (or has a wrong default in) " + missing);
    }

    @Test
    void neitherPageDocumentsASettingTheCodeDoesNotHave() throws Exception {
        Set<String> known = new HashSet<>();
        for (Setting s : Setting.values()) {
            known.add(s.env());
        }
        for (String file : List.of("docs-site/configuration.md", "README.md")) {
            Matcher m = SETTING_ROW.matcher(read(file));
            List<String> stale = new ArrayList<>();
            while (m.find()) {
                if (!known.contains(m.group(1))) {
                    stale.add(m.group(1));
                }
            }
            assertTrue(stale.isEmpty(), file + " documents settings that dev.aistack.config.Setting lacks: " + stale);
        }
    }

    /** The rows a page lacks: each value's row start, as {@code row} writes it. */
    private static <T> List<String> missingRows(String file, T[] values, Function<T, String> row) throws Exception {
        String page = read(file);
        List<String> missing = new ArrayList<>();
        for (T v : values) {
            if (!page.contains(row.apply(v))) {
                missing.add(row.apply(v));
            }
        }
        return missing;
    }

    /** The configuration page's row start for a node field: key, default (a placeholder in parentheses is plain). */
    static String nodeFieldRow(NodeField f) {
        String def = f.defaultValue().startsWith("(") ? f.defaultValue() : code(f.defaultValue());
        return "| " + code(f.yamlKey()) + " | " + def + " |";
    }

    @Test
    void everyNodeFieldHasItsRowInTheConfigurationPage() throws Exception {
        List<String> missing = missingRows("docs-site/configuration.md", NodeField.values(),
                DocsReferenceTest::nodeFieldRow);
        assertTrue(missing.isEmpty(), "docs-site/configuration.md's Nodes table lacks (or has a wrong default in) "
                + missing);
    }

    @Test
    void theConfigurationPageDocumentsNoNodeFieldTheCodeDoesNotHave() throws Exception {
        Set<String> known = new HashSet<>();
        for (NodeField f : NodeField.values()) {
            known.add(f.yamlKey());
        }
        Matcher m = NODE_FIELD_ROW.matcher(read("docs-site/configuration.md"));
        List<String> stale = new ArrayList<>();
        int rows = 0;
        while (m.find()) {
            rows++;
            if (!known.contains(m.group(1))) {
                stale.add(m.group(1));
            }
        }
        assertTrue(stale.isEmpty(), "docs-site/configuration.md documents node fields NodeField lacks: " + stale);
        assertEquals(known.size(), rows, "the Nodes table should have exactly one row per node field");
    }

    @Test
    void everyCatalogCodeHasItsRowInTheErrorsPage() throws Exception {
        String page = read("docs-site/errors.md");
        JsonNode errors = new ObjectMapper().readTree(read("errors/catalog.json")).path("errors");
        assertFalse(errors.isEmpty(), "errors/catalog.json has no errors: the check below would prove nothing");
        List<String> missing = new ArrayList<>();
        for (JsonNode e : errors) {
            String row = "| " + code(e.path("code").asText()) + " | " + e.path("status").asInt() + " | "
                    + e.path("kind").asText() + " |";
            if (!page.contains(row)) {
                missing.add(row);
            }
        }
        assertTrue(missing.isEmpty(), "docs-site/errors.md lacks (or has a wrong status or kind in) " + missing);
    }

    @Test
    void theErrorsPageListsNoCodeTheCatalogLacks() throws Exception {
        Set<String> known = new HashSet<>();
        for (JsonNode e : new ObjectMapper().readTree(read("errors/catalog.json")).path("errors")) {
            known.add(e.path("code").asText());
        }
        Matcher m = CODE_ROW.matcher(read("docs-site/errors.md"));
        List<String> stale = new ArrayList<>();
        int rows = 0;
        while (m.find()) {
            rows++;
            if (!known.contains(m.group(1))) {
                stale.add(m.group(1));
            }
        }
        assertTrue(stale.isEmpty(), "docs-site/errors.md lists codes errors/catalog.json lacks: " + stale);
        assertEquals(known.size(), rows, "docs-site/errors.md should have exactly one row per catalog code");
    }
}
