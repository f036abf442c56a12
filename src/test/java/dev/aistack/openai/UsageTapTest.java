package dev.aistack.openai;

import dev.aistack.usage.Usage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class UsageTapTest {
    private static final String ROLE = "data: {\"id\":\"chatcmpl-981\",\"object\":\"chat.completion.chunk\",\"created\":1740569824,"
            + "\"model\":\"llama3.2:1b\",\"system_fingerprint\":\"fp_ollama\",\"choices\":[{\"index\":0,\"delta\":"
            + "{\"role\":\"assistant\",\"content\":\"Hello\"},\"finish_reason\":null}]}\n\n";
    private static final String FINISH = "data: {\"id\":\"chatcmpl-981\",\"object\":\"chat.completion.chunk\",\"created\":1740569824,"
            + "\"model\":\"llama3.2:1b\",\"system_fingerprint\":\"fp_ollama\",\"choices\":[{\"index\":0,\"delta\":{},"
            + "\"finish_reason\":\"stop\"}]}\n\n";
    private static final String USAGE = "data: {\"id\":\"chatcmpl-981\",\"object\":\"chat.completion.chunk\",\"created\":1740569824,"
            + "\"model\":\"llama3.2:1b\",\"system_fingerprint\":\"fp_ollama\",\"choices\":[],\"usage\":{\"prompt_tokens\":26,"
            + "\"completion_tokens\":2,\"total_tokens\":28}}\n\n";

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void dropsTheUsageChunkItAskedForAndKeepsItsFigures() {
        List<Usage> progress = new ArrayList<>();
        UsageTap tap = new UsageTap(true, progress::add);
        assertEquals(ROLE, s(tap.event(b(ROLE))));
        assertEquals(FINISH, s(tap.event(b(FINISH))));
        assertNull(tap.event(b(USAGE)));
        assertEquals("data: [DONE]\n\n", s(tap.event(b("data: [DONE]\n\n"))));
        assertEquals(new Usage(26, 2, true), tap.usage());
        assertEquals(List.of(new Usage(0, 1, false)), progress);
    }

    @Test
    void passesTheUsageChunkWhenTheClientAskedForIt() {
        UsageTap tap = new UsageTap(false, u -> { });
        assertEquals(USAGE, s(tap.event(b(USAGE))));
        assertEquals(new Usage(26, 2, true), tap.usage());
    }

    @Test
    void removesPerChunkZeroUsageFromCompletionsStreams() {
        UsageTap tap = new UsageTap(true, u -> { });
        String chunk = "data: {\"id\":\"cmpl-824\",\"object\":\"text_completion\",\"created\":1740569824,\"choices\":[{\"text\":"
                + "\"one\",\"index\":0,\"finish_reason\":null}],\"model\":\"qwen2.5:0.5b\",\"system_fingerprint\":\"fp_ollama\","
                + "\"usage\":{\"prompt_tokens\":0,\"completion_tokens\":0,\"total_tokens\":0}}\n\n";
        String expected = "data: {\"id\":\"cmpl-824\",\"object\":\"text_completion\",\"created\":1740569824,\"choices\":[{\"text\":"
                + "\"one\",\"index\":0,\"finish_reason\":null}],\"model\":\"qwen2.5:0.5b\",\"system_fingerprint\":\"fp_ollama\"}\n\n";
        assertEquals(expected, s(tap.event(b(chunk))));
        assertEquals(new Usage(0, 1, false), tap.usage());
    }

    @Test
    void aStreamCutShortCountsTheContentChunksRelayed() {
        UsageTap tap = new UsageTap(true, u -> { });
        tap.event(b(ROLE));
        tap.event(b(ROLE.replace("Hello", " there")));
        assertEquals(new Usage(0, 2, false), tap.usage());
    }

    @Test
    void readsUsageFromBodiesAndResponsesEvents() {
        UsageTap body = new UsageTap(false, u -> { });
        body.body(b("{\"object\":\"list\",\"data\":[],\"model\":\"nomic-embed-text\",\"usage\":{\"prompt_tokens\":8,"
                + "\"total_tokens\":8}}\n"));
        assertEquals(new Usage(8, 0, true), body.usage());

        UsageTap responses = new UsageTap(false, u -> { });
        String completed = "event: response.completed\ndata: {\"type\":\"response.completed\",\"sequence_number\":9,"
                + "\"response\":{\"id\":\"resp_1\",\"usage\":{\"input_tokens\":26,\"output_tokens\":3,\"total_tokens\":29}}}\n\n";
        assertEquals(completed, s(responses.event(b(completed))));
        assertEquals(new Usage(26, 3, true), responses.usage());
    }
}
