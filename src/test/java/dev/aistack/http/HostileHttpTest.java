package dev.aistack.http;

import dev.aistack.support.RawHttp;
import dev.aistack.support.RawHttp.Reply;
import dev.aistack.support.RecordingBackend;
import dev.aistack.support.RunningGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Malformed and hostile HTTP, sent byte for byte through the real server in front of a recording backend. */
class HostileHttpTest {
    private static final String SMUGGLED = "GET /v1/smuggled HTTP/1.1\r\nHost: a\r\n\r\n";

    private static RecordingBackend backend;
    private static RunningGateway gateway;

    @BeforeAll
    static void start() {
        backend = RecordingBackend.start();
        gateway = RunningGateway.inFrontOf(backend.url());
    }

    @AfterAll
    static void stop() {
        gateway.close();
        backend.close();
    }

    /** One hostile request: what it is, its bytes, and the refusal it must get. */
    private record Case(String what, String request, int status, String code) {
    }

    @TestFactory
    Stream<DynamicTest> ambiguousBodyFramingIsRefusedAndTheConnectionClosedBeforeAnythingReachesTheBackend() {
        return Stream.of(
                new Case("two different Content-Length values", "POST /v1/thing HTTP/1.1\r\nHost: a\r\n"
                        + "Content-Length: 5\r\nContent-Length: 50\r\n\r\nhello" + SMUGGLED, 400, "invalid_http"),
                // RFC 9110 §8.6 allows accepting identical values; refusing them too is simpler and what nginx does
                new Case("two identical Content-Length values", "POST /v1/thing HTTP/1.1\r\nHost: a\r\n"
                        + "Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello" + SMUGGLED, 400, "invalid_http"),
                new Case("Content-Length with chunked", "POST /v1/thing HTTP/1.1\r\nHost: a\r\n"
                        + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + SMUGGLED, 400,
                        "invalid_http"),
                new Case("a chunk size that is not hex", "POST /v1/thing HTTP/1.1\r\nHost: a\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n" + SMUGGLED, 400, "invalid_http"))
                .map(c -> DynamicTest.dynamicTest(c.what(), () -> refusedWithoutReachingTheBackend(c)));
    }

    private static void refusedWithoutReachingTheBackend(Case c) {
        String what = c.what();
        Reply reply = RawHttp.send(gateway.port(), c.request());

        assertCatalogError(reply, c.status(), c.code());
        assertTrue(reply.closed(), "the connection must be closed after " + what);
        assertTrue(backend.received().stream().noneMatch(h -> h.target().equals("/v1/smuggled")),
                "the smuggled request reached the backend");
        assertTrue(backend.received().stream().noneMatch(h -> h.target().equals("/v1/thing")),
                "the ambiguous request reached the backend");
    }

    @TestFactory
    Stream<DynamicTest> requestsRefusedBeforeRoutingGetTheCatalogEnvelopeAndARequestId() {
        String manyHeaders = Stream.iterate(0, i -> i + 1).limit(5000).map(i -> "X-H" + i + ": v\r\n")
                .reduce("", String::concat);
        return Stream.of(
                new Case("a NUL in the request line", "GET /v1/mo\0dels HTTP/1.1\r\nHost: a\r\n\r\n", 400,
                        "invalid_http"),
                new Case("a bare CR in the request line", "GET /v1/mo\rdels HTTP/1.1\r\nHost: a\r\n\r\n", 400,
                        "invalid_http"),
                new Case("a bare CR in a header", "GET /v1/models HTTP/1.1\r\nHost: a\r\nX-A: b\rc\r\n\r\n",
                        400, "invalid_http"),
                new Case("no Host header", "GET /v1/models HTTP/1.1\r\n\r\n", 400, "invalid_http"),
                new Case("a negative Content-Length", "POST /v1/thing HTTP/1.1\r\nHost: a\r\n"
                        + "Content-Length: -1\r\n\r\n", 400, "invalid_http"),
                new Case("one 20 KB header", "GET /v1/models HTTP/1.1\r\nHost: a\r\nX-Big: " + "a".repeat(20_000)
                        + "\r\n\r\n", 431, "headers_too_large"),
                new Case("5000 headers", "GET /v1/models HTTP/1.1\r\nHost: a\r\n" + manyHeaders + "\r\n", 431,
                        "headers_too_large"),
                new Case("a 5000-byte path", "GET /v1/" + "a".repeat(5000) + " HTTP/1.1\r\nHost: a\r\n\r\n", 414,
                        "uri_too_long"))
                .map(c -> DynamicTest.dynamicTest(c.what(), () -> {
                    Reply reply = RawHttp.send(gateway.port(), c.request());
                    assertCatalogError(reply, c.status(), c.code());
                    assertTrue(reply.closed(), "the connection must be closed after " + c.what());
                }));
    }

    @Test
    void aRequestIdSentWithAMalformedRequestIsEchoed() {
        Reply reply = RawHttp.send(gateway.port(), "GET /v1/models HTTP/1.1\r\nX-Request-Id: mine-1\r\n\r\n");

        assertCatalogError(reply, 400, "invalid_http");
        assertEquals("mine-1", reply.header("X-Request-Id"));
    }

    @Test
    void aColonInTheQueryIsAccepted() {
        Reply reply = RawHttp.send(gateway.port(), "GET /v1/models?m=llama3.2:1b HTTP/1.1\r\nHost: a\r\n\r\n");

        assertEquals(200, reply.status(), reply.body());
    }

    @Test
    void percentEncodedPathsReachTheBackendByteForByte() {
        String chat = "{\"model\":\"llama3.2:1b\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        Reply reply = RawHttp.send(gateway.port(), "POST /v1/chat/%63ompletions HTTP/1.1\r\nHost: a\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + chat.length() + "\r\n\r\n" + chat);
        assertEquals(200, reply.status(), reply.body());
        assertEquals(200, RawHttp.send(gateway.port(), "GET /v1/files/a%00b HTTP/1.1\r\nHost: a\r\n\r\n").status());

        List<String> targets = backend.receivedOnV1().stream().map(RecordingBackend.Head::target).toList();
        assertTrue(targets.contains("/v1/chat/%63ompletions"), "backend saw " + targets);
        assertTrue(targets.contains("/v1/files/a%00b"), "backend saw " + targets);
    }

    @Test
    void queryStringsReachTheBackendExactlyAsSent() {
        String target = "/v1/some/new/thing?x=1&y=a%20b&m=llama3.2:1b&p=/a?b&q=%2B+";
        assertEquals(200, RawHttp.send(gateway.port(), "GET " + target + " HTTP/1.1\r\nHost: a\r\n\r\n").status());

        assertTrue(backend.receivedOnV1().stream().anyMatch(h -> h.target().equals(target)),
                "backend saw " + backend.receivedOnV1().stream().map(RecordingBackend.Head::target).toList());
    }

    @Test
    void aPathWithRawNonAsciiBytesIsRefusedRatherThanAltered() {
        Reply reply = RawHttp.send(gateway.port(), "GET /v1/caf\u00c3\u00a9 HTTP/1.1\r\nHost: a\r\n\r\n");

        assertCatalogError(reply, 400, "invalid_http");
        assertTrue(backend.receivedOnV1().stream().noneMatch(h -> h.target().startsWith("/v1/caf")));
    }

    @Test
    void theClientsForwardingHeadersAndCredentialsAreDroppedAndTheGatewaysOwnSet() {
        Reply reply = RawHttp.send(gateway.port(), "GET /v1/forwarding/check HTTP/1.1\r\nHost: a\r\n"
                + "X-Forwarded-For: 6.6.6.6\r\nX-Forwarded-Host: evil.example\r\nX-Forwarded-Proto: https\r\n"
                + "X-Real-IP: 6.6.6.6\r\nForwarded: for=6.6.6.6\r\nX-Auth-Token: sekret\r\n"
                + "OpenAI-Organization: org-x\r\nAuthorization: Bearer sk-1\r\nX-Custom: kept\r\n\r\n");
        assertEquals(200, reply.status(), reply.body());

        RecordingBackend.Head head = backend.receivedOnV1().stream()
                .filter(h -> h.target().equals("/v1/forwarding/check")).findFirst().orElseThrow();
        assertEquals(List.of("127.0.0.1"), head.values("X-Forwarded-For"));
        assertEquals(List.of("http"), head.values("X-Forwarded-Proto"));
        for (String dropped : List.of("X-Forwarded-Host", "X-Real-IP", "Forwarded", "X-Auth-Token",
                "OpenAI-Organization", "Authorization", "Proxy-Connection")) {
            assertEquals(List.of(), head.values(dropped), dropped + " reached the backend");
        }
        assertEquals(List.of("kept"), head.values("X-Custom"));
    }

    private static void assertCatalogError(Reply reply, int status, String code) {
        assertEquals(status, reply.status(), reply.body());
        assertNotNull(reply.header("X-Request-Id"), "no X-Request-Id on " + reply);
        assertFalse(reply.header("X-Request-Id").isBlank());
        assertTrue(reply.header("Content-Type").startsWith("application/json"), reply.toString());
        assertTrue(reply.body().contains("\"code\":\"" + code + "\"") && reply.body().contains("\"provider\":\"aistack\""),
                "expected catalog error " + code + ", got " + reply.body());
    }
}
