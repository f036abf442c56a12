package dev.aistack.contract;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The released baseline spec may only grow: clients generated from it must keep working. */
class SpecStabilityTest {
    @TempDir
    Path tmp;

    @Test
    void currentSpecIsCompatibleWithTheReleasedBaseline() {
        SpecCompatibility.Result result = SpecCompatibility.check(ContractFiles.baselineSpec(), ContractFiles.spec());
        assertFalse(result.incompatible(), "openapi/aistack-v1.yaml breaks clients of openapi/baseline/aistack-v1.yaml."
                + " Make the change additive, or release a new major version.\n\n" + result.markdown());
    }

    // The gate proves itself: each breaking change below, applied to the current spec, must be caught.

    @Test
    void removingAnOperationIsBreaking() throws IOException {
        assertBreaking(spec -> ((ObjectNode) spec.get("paths")).remove("/livez"));
    }

    @Test
    void aNewRequiredRequestFieldIsBreaking() throws IOException {
        assertBreaking(spec -> ((ArrayNode) spec.at("/components/schemas/ChatCompletionRequest/required")).add("user"));
    }

    @Test
    void removingARequiredResponsePropertyIsBreaking() throws IOException {
        assertBreaking(spec -> {
            ((ObjectNode) spec.at("/components/schemas/ChatCompletion/properties")).remove("model");
            removeString((ArrayNode) spec.at("/components/schemas/ChatCompletion/required"), "model");
        });
    }

    @Test
    void changingATypeInsideArrayItemsIsBreaking() throws IOException {
        // Model sits in ModelList.data[]: the place openapi-diff's 3.1 reading does not look.
        assertBreaking(spec -> ((ObjectNode) spec.at("/components/schemas/Model/properties/created"))
                .put("type", "string"));
    }

    @Test
    void makingAnOptionalParameterRequiredIsBreaking() throws IOException {
        assertBreaking(spec -> ((ObjectNode) spec.at("/components/parameters/RequestId")).put("required", true));
    }

    @Test
    void droppingTheStreamMediaTypeIsBreaking() throws IOException {
        assertBreaking(spec -> ((ObjectNode) spec.at("/paths/~1v1~1chat~1completions/post/responses/200/content"))
                .remove("text/event-stream"));
    }

    @Test
    void aNewOptionalRequestFieldIsCompatible() throws IOException {
        assertCompatibleChange(spec -> ((ObjectNode) spec.at("/components/schemas/ChatCompletionRequest/properties"))
                .putObject("priority").put("type", "integer"));
    }

    @Test
    void aNewPathIsCompatible() throws IOException {
        assertCompatibleChange(spec -> {
            ObjectNode version = spec.at("/paths/~1livez").deepCopy();
            ((ObjectNode) version.get("get")).put("operationId", "version");
            ((ObjectNode) spec.get("paths")).set("/version", version);
        });
    }

    private void assertBreaking(Consumer<ObjectNode> change) throws IOException {
        SpecCompatibility.Result result = compareWithChanged(change);
        assertTrue(result.incompatible(), "the gate let a breaking change through:\n" + result.markdown());
    }

    private void assertCompatibleChange(Consumer<ObjectNode> change) throws IOException {
        SpecCompatibility.Result result = compareWithChanged(change);
        assertFalse(result.unchanged(), "the change was not seen at all");
        assertFalse(result.incompatible(), "the gate refused an additive change:\n" + result.markdown());
    }

    private SpecCompatibility.Result compareWithChanged(Consumer<ObjectNode> change) throws IOException {
        ObjectNode spec = (ObjectNode) ContractFiles.read(ContractFiles.spec());
        change.accept(spec);
        Path changed = tmp.resolve("changed.yaml");
        ContractFiles.YAML.writeValue(changed.toFile(), spec);
        return SpecCompatibility.check(ContractFiles.spec(), changed);
    }

    private static void removeString(ArrayNode array, String value) {
        for (int i = 0; i < array.size(); i++) {
            if (array.get(i).asText().equals(value)) {
                array.remove(i);
                return;
            }
        }
        throw new IllegalArgumentException(value + " not in " + array);
    }
}
