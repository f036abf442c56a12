package dev.aistack.inference;

import dev.aistack.errors.ErrorCode;
import dev.aistack.errors.GatewayException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestFieldsTest {
    private static RequestFields read(String json) {
        return RequestFields.read(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheFieldsTheGatewayDecidesOnAndSkipsTheRest() {
        RequestFields f = read("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}],"
                + "\"model\":\"llama3.2:1b\",\"stream\":true,\"keep_alive\":\"5m\",\"tools\":[{\"a\":{\"b\":[1,2]}}],"
                + "\"stream_options\":{\"x\":{\"y\":1},\"include_usage\":true}}");
        assertEquals("llama3.2:1b", f.model());
        assertTrue(f.stream());
        assertEquals("5m", f.keepAlive().asText());
        assertTrue(f.includeUsage());
    }

    @Test
    void absentAndNullFieldsMeanDefaults() {
        RequestFields f = read("{\"model\":null,\"stream\":null,\"stream_options\":null}");
        assertNull(f.model());
        assertFalse(f.stream());
        assertNull(f.keepAlive());
        assertFalse(f.includeUsage());
    }

    @Test
    void theLastOfDuplicateKeysWinsAsInOllamasDecoder() {
        RequestFields f = read("{\"model\":\"a\",\"stream\":true,\"model\":\"b\",\"stream\":false}");
        assertEquals("b", f.model());
        assertFalse(f.stream());
    }

    @Test
    void keepsKeepAliveNumbersAsNumbers() {
        assertEquals(1.5, read("{\"keep_alive\":1.5}").keepAlive().asDouble());
        assertEquals(-1, read("{\"keep_alive\":-1}").keepAlive().asLong());
        assertTrue(read("{\"keep_alive\":1e300}").keepAlive().isNumber());
    }

    /** Each wrong type is refused naming the field, before anything is forwarded. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"stream\":\"yes\"}                      | stream",
            "{\"stream\":-1}                           | stream",
            "{\"stream\":{}}                           | stream",
            "{\"model\":1}                             | model",
            "{\"model\":[\"a\"]}                       | model",
            "{\"stream_options\":true}                 | stream_options",
            "{\"stream_options\":{\"include_usage\":1}} | stream_options.include_usage"})
    void refusesWrongTypesNamingTheField(String json, String field) {
        GatewayException e = assertThrows(GatewayException.class, () -> read(json));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertEquals(field, e.param());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''                          | INVALID_JSON",
            "'  \n'                      | INVALID_JSON",
            "{\"model\":\"x\"             | INVALID_JSON",
            "{bad                        | INVALID_JSON",
            "{\"a\":1} {\"b\":2}          | INVALID_JSON",
            "[1]                         | INVALID_REQUEST",
            "\"s\"                        | INVALID_REQUEST"})
    void refusesWhatIsNotOneJsonObject(String json, ErrorCode code) {
        assertEquals(code, assertThrows(GatewayException.class, () -> read(json)).code());
    }

    @Test
    void refusesNestingDeeperThanTheLimitWithA400() {
        String deep = "{\"a\":" + "[".repeat(RequestFields.MAX_DEPTH + 5) + "]".repeat(RequestFields.MAX_DEPTH + 5) + "}";
        GatewayException e = assertThrows(GatewayException.class, () -> read(deep));
        assertEquals(ErrorCode.INVALID_JSON, e.code());
        assertTrue(e.getMessage().contains("deeper than 1000"), e.getMessage());
    }

    @Test
    void acceptsNestingUpToTheLimit() {
        int depth = RequestFields.MAX_DEPTH - 1; // plus the body object itself
        assertEquals("m", read("{\"model\":\"m\",\"a\":" + "[".repeat(depth) + "]".repeat(depth) + "}").model());
    }
}
