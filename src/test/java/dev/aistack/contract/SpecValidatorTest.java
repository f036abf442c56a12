package dev.aistack.contract;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The validator that every HTTP test runs its responses through: it must pass real bytes and fail bad ones. */
class SpecValidatorTest {
    private static final SpecValidator SPEC = SpecValidator.load();
    private static final String JSON = "application/json";
    private static final String GATEWAY_ERROR = """
            {"error":{"message":"All 1 GPU slot(s) are busy with other requests; retry after the Retry-After delay.",\
            "type":"server_error","param":null,"code":"gpu_busy","kind":"busy","provider":"aistack"}}""";

    @Test
    void acceptsOllamasNonStreamingAnswer() {
        SPEC.validate("POST", "/v1/chat/completions", 200, JSON, resource("ollama-chat-completion.json"));
    }

    @Test
    void acceptsOllamasStreamEventByEvent() {
        SPEC.validate("POST", "/v1/chat/completions", 200, "text/event-stream", resource("ollama-chat-stream.txt"));
    }

    @Test
    void acceptsTheGatewayEnvelopeWhateverTheCharsetParameter() {
        SPEC.validate("POST", "/v1/chat/completions", 503, "application/json; charset=UTF-8", bytes(GATEWAY_ERROR));
    }

    @Test
    void acceptsOllamasErrorsPassedThroughVerbatim() {
        String notFound = "{\"error\":{\"message\":\"model 'nope' not found\",\"type\":\"not_found_error\","
                + "\"param\":null,\"code\":null}}\n";
        SPEC.validate("POST", "/v1/chat/completions", 404, JSON, bytes(notFound));
        // Any other status falls to the operation's "default" response.
        SPEC.validate("POST", "/v1/chat/completions", 422, JSON, bytes(notFound));
    }

    @Test
    void refusesAStreamWithOneBadChunkAndNamesTheEvent() {
        String stream = new String(resource("ollama-chat-stream.txt"), StandardCharsets.UTF_8)
                .replaceFirst("\"created\":1740569824,(.*\" there\")", "\"created\":\"now\",$1");
        AssertionError e = assertThrows(AssertionError.class, () ->
                SPEC.validate("POST", "/v1/chat/completions", 200, "text/event-stream", bytes(stream)));
        assertMentions(e, "POST /v1/chat/completions -> 200 text/event-stream, event 1", "/created");
    }

    @Test
    void refusesAStreamWithoutEvents() {
        AssertionError e = assertThrows(AssertionError.class, () ->
                SPEC.validate("POST", "/v1/chat/completions", 200, "text/event-stream", bytes(": keep-alive\n\n")));
        assertMentions(e, "no data: event");
    }

    @Test
    void refusesAMissingRequiredFieldAndSaysWhere() {
        String list = "{\"object\":\"list\",\"data\":[{\"object\":\"model\",\"created\":1755681164,"
                + "\"owned_by\":\"ollama\",\"capabilities\":[\"llm\"]}]}";
        AssertionError e = assertThrows(AssertionError.class, () ->
                SPEC.validate("GET", "/v1/models", 200, JSON, bytes(list)));
        assertMentions(e, "GET /v1/models -> 200", "/data/0", "id", "#/components/schemas/ModelList");
    }

    @Test
    void refusesAnErrorWithoutTheEnvelope() {
        AssertionError e = assertThrows(AssertionError.class, () ->
                SPEC.validate("POST", "/v1/chat/completions", 400, JSON, bytes("{\"message\":\"bad\"}")));
        assertMentions(e, "-> 400", "error");
    }

    @Test
    void refusesABodyThatIsNotJson() {
        AssertionError e = assertThrows(AssertionError.class, () ->
                SPEC.validate("GET", "/healthz", 200, JSON, bytes("ok")));
        assertMentions(e, "not JSON");
    }

    @Test
    void refusesAnUndocumentedStatusContentTypeOrOperation() {
        assertMentions(assertThrows(AssertionError.class, () ->
                SPEC.validate("GET", "/healthz", 404, JSON, bytes("{}"))), "status 404 is not documented");
        assertMentions(assertThrows(AssertionError.class, () ->
                SPEC.validate("GET", "/v1/models", 200, "text/html", bytes("<p>"))), "text/html is not documented");
        assertMentions(assertThrows(AssertionError.class, () ->
                SPEC.validate("DELETE", "/v1/models", 200, JSON, bytes("{}"))), "not an operation");
    }

    @Test
    void acceptsBothShapesOfNotReady() {
        String notReady = "{\"status\":\"not_ready\",\"checks\":{\"ollama\":{\"status\":\"down\","
                + "\"url\":\"http://127.0.0.1:11434\",\"latency_ms\":2.1,\"error\":\"connection refused\"}}}";
        SPEC.validate("GET", "/readyz", 503, JSON, bytes(notReady));
        SPEC.validate("GET", "/readyz", 503, JSON, bytes(GATEWAY_ERROR.replace("gpu_busy", "shutting_down")));
        assertThrows(AssertionError.class, () ->
                SPEC.validate("GET", "/readyz", 503, JSON, bytes("{\"status\":\"sleeping\",\"checks\":{}}")));
    }

    @Test
    void textBodiesMustNotBeEmpty() {
        String prometheus = "text/plain; version=0.0.4; charset=utf-8";
        SPEC.validate("GET", "/metrics", 200, prometheus, bytes("# TYPE up gauge\nup 1\n"));
        assertThrows(AssertionError.class, () -> SPEC.validate("GET", "/metrics", 200, prometheus, new byte[0]));
    }

    @Test
    void checksDocumentedHeaders() {
        SPEC.validateHeaders("GET", "/v1/models", 200, Map.of("x-request-id", List.of("req-1")));
        assertMentions(assertThrows(AssertionError.class, () ->
                SPEC.validateHeaders("GET", "/v1/models", 200, Map.of())), "X-Request-Id is missing");
        assertMentions(assertThrows(AssertionError.class, () -> SPEC.validateHeaders("GET", "/v1/models", 200,
                Map.of("X-Request-Id", List.of("has spaces")))), "header X-Request-Id");
        SPEC.validateHeaders("POST", "/v1/chat/completions", 503,
                Map.of("X-Request-Id", List.of("a"), "Retry-After", List.of("1")));
        assertMentions(assertThrows(AssertionError.class, () -> SPEC.validateHeaders("POST", "/v1/chat/completions",
                503, Map.of("X-Request-Id", List.of("a"), "Retry-After", List.of("soon")))), "header Retry-After");
    }

    @Test
    void checksRequestBodies() {
        SPEC.validateRequest("POST", "/v1/chat/completions", JSON,
                bytes("{\"model\":\"llama3.2:1b\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                        + "\"keep_alive\":\"5m\"}"));
        assertMentions(assertThrows(AssertionError.class, () -> SPEC.validateRequest("POST", "/v1/chat/completions",
                JSON, bytes("{\"model\":\"m\",\"messages\":[{\"role\":\"user\"}],\"keep_alive\":\"abc\"}"))),
                "/keep_alive");
    }

    @Test
    void matchesConcretePathsToTemplates() {
        ObjectNode spec = (ObjectNode) ContractFiles.read(ContractFiles.spec());
        ((ObjectNode) spec.get("paths")).set("/v1/models/{model}", spec.at("/paths/~1v1~1models").deepCopy());
        SpecValidator validator = SpecValidator.of(spec);
        validator.validate("GET", "/v1/models/llama3.2:1b", 200, JSON,
                bytes("{\"object\":\"list\",\"data\":[]}"));
        assertThrows(AssertionError.class, () ->
                validator.validate("GET", "/v1/models/a/b", 200, JSON, bytes("{\"object\":\"list\",\"data\":[]}")));
    }

    private static void assertMentions(AssertionError e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "expected \"" + part + "\" in: " + e.getMessage());
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] resource(String name) {
        try (InputStream in = SpecValidatorTest.class.getResourceAsStream("/contract/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource contract/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
