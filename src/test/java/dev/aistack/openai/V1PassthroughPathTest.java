package dev.aistack.openai;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The /v1 passthrough forwards raw paths, so none may climb out of /v1 to Ollama's native API. */
class V1PassthroughPathTest {
    @Test
    void forwardsPlainV1Paths() {
        assertTrue(V1Passthrough.staysUnderV1("/v1/audio/transcriptions"));
        assertTrue(V1Passthrough.staysUnderV1("/v1/models/user%3Amodel"));
        assertTrue(V1Passthrough.staysUnderV1("/v1/files/file-abc.jsonl"));
    }

    @Test
    void refusesPathsThatCouldLeaveV1() {
        assertFalse(V1Passthrough.staysUnderV1("/v1/../api/delete"));
        assertFalse(V1Passthrough.staysUnderV1("/v1/./../api/pull"));
        assertFalse(V1Passthrough.staysUnderV1("/v1/%2e%2e/api/delete"));
        assertFalse(V1Passthrough.staysUnderV1("/v1/%2E%2E/api/delete"));
        assertFalse(V1Passthrough.staysUnderV1("/v1/x%2f..%2fapi"));
        assertFalse(V1Passthrough.staysUnderV1("/v1/..%5capi"));
        assertFalse(V1Passthrough.staysUnderV1("/v1/..\\\\api"));
    }
}
