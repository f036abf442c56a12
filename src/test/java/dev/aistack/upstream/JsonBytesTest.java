package dev.aistack.upstream;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonBytesTest {
    private static String append(String json) throws Exception {
        return new String(JsonBytes.appendField(json.getBytes(StandardCharsets.UTF_8), "stream_options",
                "{\"include_usage\":true}"), StandardCharsets.UTF_8);
    }

    private static String remove(String json) throws Exception {
        return new String(JsonBytes.removeField(json.getBytes(StandardCharsets.UTF_8), "usage"), StandardCharsets.UTF_8);
    }

    @Test
    void appendsAsTheLastMemberLeavingTheRestUntouched() throws Exception {
        assertEquals("{\"model\":\"m\",\"x\":\"\\u003c é\" ,\"stream_options\":{\"include_usage\":true}}\n",
                append("{\"model\":\"m\",\"x\":\"\\u003c é\" }\n"));
        assertEquals("{\"stream_options\":{\"include_usage\":true}}", append("{}"));
    }

    @Test
    void removesOnlyTheNamedTopLevelMember() throws Exception {
        assertEquals("{\"id\":\"cmpl-1\",\"choices\":[{\"usage\":1}],\"model\":\"m\"}",
                remove("{\"id\":\"cmpl-1\",\"choices\":[{\"usage\":1}],\"model\":\"m\",\"usage\":{\"prompt_tokens\":0}}"));
        assertEquals("{\"model\":\"m\"}", remove("{\"usage\":{\"a\":[1,2]},\"model\":\"m\"}"));
        assertEquals("{\"a\":1, \"b\":2}", remove("{\"a\":1, \"usage\":null, \"b\":2}"));
        assertEquals("{\"a\":1}", remove("{\"a\":1}"));
    }
}
