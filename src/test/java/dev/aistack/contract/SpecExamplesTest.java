package dev.aistack.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every example in the spec validates against its schema: docs and SDK samples never show a refused payload. */
class SpecExamplesTest {
    private static final JsonNode SPEC = ContractFiles.read(ContractFiles.spec());

    @Test
    void everyExampleMatchesItsSchema() {
        SpecExamples.Report report = SpecExamples.check(SPEC);
        assertEquals(List.of(), report.problems());
    }

    @Test
    void theExamplesAreActuallyFound() {
        // Responses, requests, streams, errors, headers, parameters and schema examples: far more than 30.
        int checked = SpecExamples.check(SPEC).checked();
        assertTrue(checked >= 30, "only " + checked + " examples were checked");
    }

    @Test
    void anExampleThatBreaksItsSchemaIsReported() {
        ObjectNode spec = SPEC.deepCopy();
        ObjectNode model = (ObjectNode) spec.at("/paths/~1v1~1models/get/responses/200/content/application~1json"
                + "/example/data/0");
        model.put("created", "yesterday");
        ObjectNode header = (ObjectNode) spec.at("/components/headers/RetryAfter");
        header.put("example", -1);

        List<String> problems = SpecExamples.check(spec).problems();

        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("/data/0/created"), problems.get(0));
    }
}
