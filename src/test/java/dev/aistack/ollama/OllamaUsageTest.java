package dev.aistack.ollama;

import dev.aistack.usage.Usage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Token usage read from what the backend sends on Ollama's routes, whichever kind of node it is. */
class OllamaUsageTest {
    private static final String LINE = "{\"model\":\"m\",\"created_at\":\"2026-08-22T10:00:00.1Z\",\"message\":"
            + "{\"role\":\"assistant\",\"content\":\"%s\"},\"done\":false}\n";
    private static final String DONE = "{\"model\":\"m\",\"created_at\":\"2026-08-22T10:00:00.5Z\",\"message\":"
            + "{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"total_duration\":"
            + "523000000,\"prompt_eval_count\":26,\"prompt_eval_duration\":31000000,\"eval_count\":12,"
            + "\"eval_duration\":470000000}\n";

    private final List<Usage> heard = new ArrayList<>();
    private final OllamaUsage usage = new OllamaUsage(heard::add);

    @Test
    void theDoneLineOfAnNdjsonStreamHasTheCountsAndLinesPassUnchanged() {
        byte[] line = bytes(LINE.formatted("Hello"));
        assertArrayEquals(line, usage.event(line));
        usage.event(bytes(LINE.formatted(" there")));
        usage.event(bytes(DONE));

        assertEquals(new Usage(26, 12, true), usage.usage());
        assertEquals(List.of(new Usage(0, 1, false), new Usage(0, 2, false)), heard); // progress per content line
    }

    @Test
    void aStreamCutBeforeItsDoneLineCountsItsContentLines() {
        usage.event(bytes(LINE.formatted("Hel")));
        usage.event(bytes(LINE.formatted("")));

        assertEquals(new Usage(0, 1, false), usage.usage());
    }

    @Test
    void aWholeNativeAnswerAndAnEmbedAnswerAreRead() {
        usage.body(bytes(DONE.strip()));
        assertEquals(new Usage(26, 12, true), usage.usage());

        OllamaUsage embed = new OllamaUsage(u -> { });
        embed.body(bytes("{\"model\":\"m\",\"embeddings\":[[0.1]],\"total_duration\":1,\"prompt_eval_count\":8}"));
        assertEquals(new Usage(8, 0, true), embed.usage());
    }

    @Test
    void anOpenAiKindNodesStreamAndBodyAreReadAsOnV1() {
        usage.event(bytes("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}\n\n"));
        usage.event(bytes("data: {\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":2}}\n\n"));
        assertEquals(new Usage(12, 2, true), usage.usage());

        OllamaUsage whole = new OllamaUsage(u -> { });
        whole.body(bytes("{\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4}}"));
        assertEquals(new Usage(3, 4, true), whole.usage());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
