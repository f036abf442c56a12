package dev.aistack.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aistack.http.FuzzCase.Expect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * A seeded generator of hostile requests: a valid request to one of the gateway's routes, then one mutation of its
 * request line, headers, framing or JSON body. Case {@code i} of seed {@code s} depends on nothing else, so one
 * failing case can be replayed alone.
 */
final class MalformedRequestGenerator {
    static final String MODEL = "llama3.2:1b";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MESSAGES = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    /** A route and a valid body for it (null for GET). */
    private record Route(String method, String path, String body) {
        boolean post() {
            return body != null;
        }
    }

    private static final List<Route> ROUTES = List.of(
            new Route("POST", "/v1/chat/completions", "{\"model\":\"" + MODEL + "\"," + MESSAGES + "}"),
            new Route("POST", "/v1/chat/completions", "{\"model\":\"" + MODEL + "\",\"stream\":true," + MESSAGES + "}"),
            new Route("POST", "/v1/completions", "{\"model\":\"" + MODEL + "\",\"prompt\":\"hi\"}"),
            new Route("POST", "/v1/embeddings", "{\"model\":\"" + MODEL + "\",\"input\":\"hi\"}"),
            new Route("GET", "/v1/models", null),
            new Route("GET", "/tasks/status/x", null));

    private record Mutation(String kind, boolean needsBody, BiFunction<Random, Draft, Expect> apply) {
    }

    /** The request being mutated and a description of what was done to it. */
    private static final class Draft {
        final RawRequest request;
        final Route route;
        final int index;
        String detail = "";
        boolean halfClose;

        Draft(RawRequest request, Route route, int index) {
            this.request = request;
            this.route = route;
            this.index = index;
        }

        Draft says(String what) {
            detail = what;
            return this;
        }
    }

    private static final List<Mutation> MUTATIONS = List.of(
            new Mutation("request-line/method", false, MalformedRequestGenerator::method),
            new Mutation("request-line/path-bytes", false, MalformedRequestGenerator::pathBytes),
            new Mutation("request-line/percent-encoding", false, MalformedRequestGenerator::percentEncoding),
            new Mutation("request-line/very-long", false, MalformedRequestGenerator::longLine),
            new Mutation("request-line/nul-cr-lf", false, MalformedRequestGenerator::controlBytes),
            new Mutation("request-line/version", false, MalformedRequestGenerator::version),
            new Mutation("headers/duplicates", false, MalformedRequestGenerator::duplicateHeaders),
            new Mutation("headers/huge-or-many", false, MalformedRequestGenerator::hugeHeaders),
            new Mutation("headers/malformed-line", false, MalformedRequestGenerator::malformedHeaderLine),
            new Mutation("headers/bad-content-length", false, MalformedRequestGenerator::badContentLength),
            new Mutation("headers/te-and-cl-smuggling", true, MalformedRequestGenerator::smuggling),
            new Mutation("headers/odd-values", false, MalformedRequestGenerator::oddHeaderValues),
            new Mutation("json/truncated", true, MalformedRequestGenerator::truncated),
            new Mutation("json/deep-nesting", true, MalformedRequestGenerator::deepNesting),
            new Mutation("json/wrong-type", true, MalformedRequestGenerator::wrongType),
            new Mutation("json/huge-number", true, MalformedRequestGenerator::hugeNumber),
            new Mutation("json/odd-unicode", true, MalformedRequestGenerator::oddUnicode),
            new Mutation("json/duplicate-keys", true, MalformedRequestGenerator::duplicateKeys),
            new Mutation("json/not-an-object", true, MalformedRequestGenerator::notAnObject));

    private MalformedRequestGenerator() {
    }

    static FuzzCase generate(long seed, int index, int port) {
        Random r = new Random(seed * 1_000_003L + index);
        Mutation m = pick(r, MUTATIONS);
        List<Route> routes = m.needsBody() ? ROUTES.stream().filter(Route::post).toList() : ROUTES;
        Route route = pick(r, routes);
        RawRequest request = new RawRequest(route.method(), route.path(), port, route.body());
        Draft d = new Draft(request, route, index);
        Expect expect = m.apply().apply(r, d);
        return new FuzzCase(index, m.kind(), route.method() + " " + route.path() + ": " + d.detail, request.method,
                request.bytes(), expect, d.halfClose);
    }

    // --- request line ------------------------------------------------------------------------------------------

    private static Expect method(Random r, Draft d) {
        String m = pick(r, List.of("PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "CONNECT", "post", "P0ST",
                "GETT", "BREW", "M-SEARCH", "G\u00c9T", "X".repeat(9_000), "PO ST", ""));
        d.request.method = m;
        d.says("method '" + abbreviate(m) + "'");
        return Expect.ANY_ANSWER;
    }

    private static Expect pathBytes(Random r, Draft d) {
        String path = d.route.path();
        int at = 1 + r.nextInt(path.length() - 1);
        String odd = pick(r, List.of("\u0001", "\u007f", "\u00ff", "\u00e9", RawRequest.utf8InHead("\u00e9"),
                RawRequest.utf8InHead("\ud83d\ude00"), "\t", "\\", "\"", "<", "{", "|", "^", "`", "//", "/./", "/../",
                "/..%2f", ";x=1", "?a=%", "?\u0000", "#frag", "?q=" + RawRequest.utf8InHead("\u202e")));
        d.request.target = path.substring(0, at) + odd + path.substring(at);
        if (r.nextInt(4) == 0) {
            d.request.target = pick(r, List.of("*", "http://127.0.0.1" + path, "127.0.0.1:1", "v1/models",
                    "/%2e%2e/%2e%2e/etc/passwd", "//v1/models", "/v1/models/.."));
        }
        d.says("target '" + abbreviate(d.request.target) + "'");
        return Expect.ANY_ANSWER;
    }

    private static Expect percentEncoding(Random r, Draft d) {
        String path = d.route.path();
        int at = 1 + r.nextInt(path.length() - 1);
        String enc = pick(r, List.of("%00", "%2F", "%2f", "%2e%2e", "%ZZ", "%", "%4", "%u0041", "%C0%AF", "%FF",
                "%E2%80%AE", "%0D%0A", "%20", "%25", "%252F", "%F0%9F%98%80", "%ED%A0%80"));
        d.request.target = path.substring(0, at) + enc + path.substring(at);
        d.says("target '" + d.request.target + "'");
        return Expect.ANY_ANSWER;
    }

    private static Expect longLine(Random r, Draft d) {
        int n = pick(r, List.of(2_000, 8_200, 16_500, 70_000, 300_000));
        if (r.nextBoolean()) {
            d.request.target = d.route.path() + "/" + "a".repeat(n);
            d.says("path of " + n + " more bytes");
        } else {
            d.request.target = d.route.path() + "?q=" + "%41".repeat(n / 3);
            d.says("query of " + n + " bytes");
        }
        return Expect.ANY_ANSWER;
    }

    private static Expect controlBytes(Random r, Draft d) {
        String line = d.route.method() + " " + d.route.path() + " HTTP/1.1";
        int at = r.nextInt(line.length() + 1);
        String c = pick(r, List.of("\u0000", "\r", "\n", "\r\n", "\u000b", "\u000c", "\u001b"));
        d.request.line = line.substring(0, at) + c + line.substring(at);
        d.says("request line with " + escape(c) + " at " + at);
        return Expect.ANY_ANSWER;
    }

    private static Expect version(Random r, Draft d) {
        d.request.version = pick(r, List.of("HTTP/1.0", "HTTP/1.2", "HTTP/2.0", "HTTP/9.9", "http/1.1", "HTTP/1.1 ",
                "HTTP/1", "HTTP/01.1", "HTTP/1.1x", "HTTX/1.1", ""));
        d.says("version '" + d.request.version + "'");
        return Expect.ANY_ANSWER;
    }

    // --- headers -----------------------------------------------------------------------------------------------

    private static Expect duplicateHeaders(Random r, Draft d) {
        int which = r.nextInt(6);
        switch (which) {
            case 0 -> d.request.headers.add("Host: other.example:80");
            case 1 -> d.request.headers.add("Content-Type: text/plain");
            case 2 -> {
                d.request.headers.add("X-Request-Id: fuzz-a");
                d.request.headers.add("X-Request-Id: fuzz-b");
            }
            case 3 -> {
                d.request.headers.add("X-Task-Id: fuzz-a-" + d.index);
                d.request.headers.add("X-Task-Id: fuzz-b-" + d.index);
            }
            case 4 -> {
                d.request.contentLength = false;
                d.request.headers.add("Content-Length: " + d.request.body.length);
                d.request.headers.add("Content-Length: " + d.request.body.length);
            }
            default -> {
                d.request.contentLength = false;
                d.request.headers.add("Content-Length: " + d.request.body.length);
                d.request.headers.add("Content-Length: " + (d.request.body.length + 7));
                d.says("two different Content-Length values");
                return Expect.CLIENT_ERROR; // RFC 9112 6.3: unrecoverable framing error
            }
        }
        d.says("duplicate header, variant " + which);
        return Expect.ANY_ANSWER;
    }

    private static Expect hugeHeaders(Random r, Draft d) {
        if (r.nextBoolean()) {
            int n = pick(r, List.of(4_000, 9_000, 17_000, 70_000, 500_000));
            d.request.headers.add(pick(r, List.of("X-Big", "User-Agent", "Cookie", "X-Request-Id", "X-Task-Id",
                    "Content-Type")) + ": " + "v".repeat(n));
            d.says("one header of " + n + " bytes");
        } else {
            int n = pick(r, List.of(50, 200, 1_000, 5_000));
            for (int i = 0; i < n; i++) {
                d.request.headers.add("X-H" + i + ": " + i);
            }
            d.says(n + " headers");
        }
        return Expect.ANY_ANSWER;
    }

    private static Expect malformedHeaderLine(Random r, Draft d) {
        String line = pick(r, List.of("No-Colon-Here", ": empty-name", "Bad Name: x", "Bad\u0000Name: x",
                "X-Nul: a\u0000b", "X-Bare-Cr: a\rb", " folded-continuation", "\tX-Tab-Start: x", "X-Obs-Fold: a\r\n b",
                "Content-Length : " + d.request.body.length, "X-Latin1: caf\u00e9", "X-Utf8: " + RawRequest.utf8InHead("\u00e9\u202e"),
                "X-Del: \u007f", "(): x", "X-Ctl: \u0001\u0002"));
        d.request.headers.add(1, line);
        d.says("header line '" + escape(line) + "'");
        return Expect.ANY_ANSWER;
    }

    private static Expect badContentLength(Random r, Draft d) {
        boolean post = d.route.post();
        int which = r.nextInt(post ? 12 : 9);
        int len = d.request.body.length;
        String value = switch (which) {
            case 0 -> "-1";
            case 1 -> "-" + len;
            case 2 -> "abc";
            case 3 -> "+" + len;
            case 4 -> "0x" + Integer.toHexString(len);
            case 5 -> "99999999999999999999";
            case 6 -> len + ", " + (len + 1);
            case 7 -> "1e3";
            case 8 -> len + ".0";
            case 9 -> Integer.toString(len + 50); // more than was sent; the client then closes its side
            case 10 -> Integer.toString(Math.max(1, len - 5)); // fewer: the rest reads as a next request
            default -> Integer.toString(len + 1_000_000_000);
        };
        d.request.contentLength = false;
        d.request.headers.add("Content-Length: " + value);
        if (which == 9 || which == 11) {
            d.halfClose = true;
        }
        d.says("Content-Length '" + value + "' for a " + len + "-byte body" + (d.halfClose ? ", then FIN" : ""));
        return Expect.CLIENT_ERROR;
    }

    private static Expect smuggling(Random r, Draft d) {
        String inner = "GET /tasks/status/smuggled-" + d.index + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        String te = pick(r, List.of("chunked", "chunked", " chunked", "Chunked", "chunked, identity", "identity, chunked",
                "xchunked", "chunked\t", "\"chunked\""));
        d.request.contentLength = false;
        if (r.nextBoolean()) {
            // CL.TE: by Content-Length the body holds the inner request; by chunked the body ends at "0".
            String body = "0\r\n\r\n" + inner;
            d.request.headers.add("Content-Length: " + body.length());
            d.request.headers.add("Transfer-Encoding: " + te);
            d.request.body = body.getBytes(StandardCharsets.ISO_8859_1);
            d.says("CL.TE, Transfer-Encoding '" + te + "'");
        } else {
            // TE.CL: by chunked the inner request is the chunk's data; by Content-Length: 4 it follows the body.
            String body = Integer.toHexString(inner.length()) + "\r\n" + inner + "\r\n0\r\n\r\n";
            d.request.headers.add("Transfer-Encoding: " + te);
            d.request.headers.add("Content-Length: " + (Integer.toHexString(inner.length()).length() + 2));
            d.request.body = body.getBytes(StandardCharsets.ISO_8859_1);
            d.says("TE.CL, Transfer-Encoding '" + te + "'");
        }
        if (r.nextBoolean()) {
            d.request.headers.add("Transfer-Encoding: chunked");
            d.detail += ", Transfer-Encoding twice";
        }
        d.request.removeHeader("Connection");
        return Expect.NO_SMUGGLED_ANSWER;
    }

    private static Expect oddHeaderValues(Random r, Draft d) {
        String h = pick(r, List.of("X-Task-Id: " + "t".repeat(129), "X-Task-Id: ../../etc", "X-Task-Id: ",
                "X-Task-Id: caf" + RawRequest.utf8InHead("\u00e9"), "X-Request-Id: " + "r".repeat(5_000),
                "X-Request-Id: " + RawRequest.utf8InHead("\u202e\u0000"), "X-Request-Id: ",
                "Content-Type: application/json; charset=utf-16", "Content-Type: ;;;", "Content-Type: application/",
                "Content-Type: multipart/form-data; boundary=x", "Content-Type: application/json\u0000",
                "Accept: */*;q=bogus", "Accept-Encoding: gzip;q=2, br", "Expect: 100-continue", "Expect: 417-nope",
                "Connection: keep-alive, Upgrade", "Upgrade: h2c", "Authorization: Bearer " + "k".repeat(3_000),
                "X-Forwarded-For: 1.2.3.4, " + "9".repeat(2_000), "Transfer-Encoding: gzip"));
        if (h.startsWith("Content-Type:")) {
            d.request.removeHeader("Content-Type");
        }
        d.request.headers.add(h);
        d.says("header '" + abbreviate(escape(h)) + "'");
        return Expect.ANY_ANSWER;
    }

    // --- JSON body ---------------------------------------------------------------------------------------------

    private static Expect truncated(Random r, Draft d) {
        byte[] b = d.request.body;
        int keep = r.nextInt(b.length - 1);
        d.request.body = java.util.Arrays.copyOf(b, keep);
        d.says("body cut to " + keep + " of " + b.length + " bytes");
        return Expect.CLIENT_ERROR;
    }

    private static Expect deepNesting(Random r, Draft d) {
        int depth = pick(r, List.of(600, 1_001, 1_500, 5_000, 50_000));
        String open = r.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        String field = pick(r, List.of("messages", "extra", "keep_alive", "stream_options", "model", "input"));
        String deep = open.repeat(depth) + "1" + close.repeat(depth);
        d.request.body = ("{\"model\":\"" + MODEL + "\",\"" + field + "\":" + deep + "}").getBytes(StandardCharsets.UTF_8);
        if (r.nextInt(5) == 0) {
            d.request.body = deep.getBytes(StandardCharsets.UTF_8);
            field = "(the whole body)";
        }
        d.says("nesting " + depth + " deep in " + field);
        return Expect.ANY_ANSWER;
    }

    private static Expect wrongType(Random r, Draft d) {
        // Embeddings have no stream fields (Ollama ignores unknown fields), so only model and keep_alive count there.
        String field = pick(r, d.route.path().equals("/v1/embeddings") ? List.of("model", "keep_alive")
                : List.of("model", "stream", "keep_alive", "stream_options"));
        String value = switch (field) {
            case "model" -> pick(r, List.of("42", "true", "[\"" + MODEL + "\"]", "{\"name\":\"" + MODEL + "\"}"));
            case "stream" -> pick(r, List.of("\"true\"", "\"yes\"", "1", "0", "[true]", "{}"));
            case "keep_alive" -> pick(r, List.of("true", "[\"5m\"]", "{\"d\":\"5m\"}", "\"five minutes\""));
            default -> pick(r, List.of("\"include_usage\"", "true", "1", "[{\"include_usage\":true}]",
                    "{\"include_usage\":\"yes\"}"));
        };
        ObjectNode tree = (ObjectNode) json(d.request.body);
        tree.set(field, json(value.getBytes(StandardCharsets.UTF_8)));
        if (field.equals("stream_options")) {
            tree.put("stream", true);
        }
        String mutated = tree.toString();
        d.request.body = mutated.getBytes(StandardCharsets.UTF_8);
        d.says(field + " = " + value);
        return Expect.CLIENT_ERROR;
    }

    private static Expect hugeNumber(Random r, Draft d) {
        String field = pick(r, List.of("temperature", "max_tokens", "keep_alive", "seed", "top_p", "n"));
        String value = pick(r, List.of("1e999999", "-1e999999", "123456789012345678901234567890", "-0",
                "0.0000000000000000000000000000001", "9".repeat(5_000), "1" + "0".repeat(400) + ".5", "1E+2147483648"));
        String body = new String(d.request.body, StandardCharsets.UTF_8);
        d.request.body = body.replaceFirst("\\{", "{\"" + field + "\":" + value + ",").getBytes(StandardCharsets.UTF_8);
        d.says(field + " = " + abbreviate(value));
        return Expect.ANY_ANSWER;
    }

    private static Expect oddUnicode(Random r, Draft d) {
        String body = new String(d.request.body, StandardCharsets.ISO_8859_1);
        String odd = pick(r, List.of("\\ud800", "\\udfff\\ud800", "\\u0000", "\\uffff", "\\ufeff",
                RawRequest.utf8InHead("\u202e\u200b\ud83d\ude00"), "\u00c0\u00af", "\u00ff\u00fe", "\u00ed\u00a0\u0080",
                "\u00f4\u0090\u0080\u0080", "\u00e2\u0082", "\\u12", "\\x41", "\t\u0001"));
        String where = r.nextBoolean() ? "\"model\":\"" : "\"";
        int at = body.lastIndexOf(where.equals("\"") ? "\"hi" : where) + where.length();
        String mutated = body.substring(0, at) + odd + body.substring(at);
        if (r.nextInt(6) == 0) {
            mutated = "\u00ef\u00bb\u00bf" + body; // a UTF-8 byte order mark before the object
            odd = "BOM";
        }
        d.request.body = mutated.getBytes(StandardCharsets.ISO_8859_1);
        d.says("string with " + escape(odd));
        return Expect.ANY_ANSWER;
    }

    private static Expect duplicateKeys(Random r, Draft d) {
        String dup = pick(r, List.of("\"model\":\"other\"", "\"model\":null", "\"stream\":true", "\"stream\":false",
                "\"keep_alive\":\"5m\",\"keep_alive\":0", "\"stream_options\":{\"include_usage\":true,\"include_usage\":false}"));
        String body = new String(d.request.body, StandardCharsets.UTF_8);
        d.request.body = (body.substring(0, body.length() - 1) + "," + dup + "}").getBytes(StandardCharsets.UTF_8);
        d.says("repeated " + dup);
        return Expect.ANY_ANSWER;
    }

    private static Expect notAnObject(Random r, Draft d) {
        String body = pick(r, List.of("", " ", "null", "42", "\"text\"", "[]", "[{\"model\":\"" + MODEL + "\"}]", "{}{}",
                "{\"model\":\"" + MODEL + "\"} trailing", "{\"model\":\"" + MODEL + "\",}", "{'model':'x'}", "{model:1}",
                "{\"model\":NaN}", "\u0000", "{\"a\":1}/*c*/"));
        d.request.body = body.getBytes(StandardCharsets.ISO_8859_1);
        d.says("body '" + escape(body) + "'");
        return Expect.CLIENT_ERROR;
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    private static JsonNode json(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T pick(Random r, List<T> items) {
        return items.get(r.nextInt(items.size()));
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 40) + "...(" + s.length() + " chars)" : s;
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder();
        for (char ch : s.toCharArray()) {
            out.append(ch < 0x20 || ch == 0x7f ? String.format("\\x%02x", (int) ch) : String.valueOf(ch));
        }
        return out.toString();
    }
}
