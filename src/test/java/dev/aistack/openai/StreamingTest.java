package dev.aistack.openai;

import dev.aistack.support.GatewayAndOllama;
import dev.aistack.contract.SpecValidator;
import dev.aistack.support.FakeOllama;
import dev.aistack.support.RunningGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamingTest {
    private static final String CHAT = "/v1/chat/completions";
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @RegisterExtension
    final GatewayAndOllama env = new GatewayAndOllama();

    private HttpResponse<InputStream> stream(String body) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(env.gateway().uri(CHAT)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return CLIENT.send(req, HttpResponse.BodyHandlers.ofInputStream());
    }

    private static void validate(HttpResponse<?> r, String body) {
        SpecValidator.load().validate("POST", CHAT, r.statusCode(), r.headers().firstValue("Content-Type").orElse(null),
                body.getBytes(StandardCharsets.UTF_8));
        SpecValidator.load().validateHeaders("POST", CHAT, r.statusCode(), r.headers().map());
    }

    private static String streamBody(boolean includeUsage) {
        return "{\"model\":\"llama3.2:1b\",\"stream\":true," + (includeUsage ? "\"stream_options\":{\"include_usage\":true},"
                : "") + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    @Test
    void relaysTheFirstEventWhileOllamaStillHoldsTheRest() throws Exception {
        env.ollama().pauseAfterFirstEvent();
        HttpResponse<InputStream> r = stream(streamBody(false));
        BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
        // Ollama sends nothing more until the test says so: seeing this line proves the env.gateway() did not buffer.
        String first = lines.readLine();
        assertTrue(first.startsWith("data: {\"id\":\"chatcmpl-981\""), first);
        assertTrue(first.contains("\"role\":\"assistant\",\"content\":\"Hello\""), first);
        env.ollama().continueStream();
        StringBuilder rest = new StringBuilder();
        for (String line; (line = lines.readLine()) != null; ) {
            rest.append(line).append('\n');
        }
        assertTrue(rest.toString().endsWith("data: [DONE]\n\n"), rest.toString());
        validate(r, first + "\n" + rest);
        assertEquals("text/event-stream", r.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("no", r.headers().firstValue("X-Accel-Buffering").orElseThrow());
        assertEquals("no-cache", r.headers().firstValue("Cache-Control").orElseThrow());
    }

    @Test
    void deliversEventsAsSpacedAsOllamaSentThem() throws Exception {
        env.ollama().tokens("a", "b", "c", "d").eventGap(Duration.ofMillis(150));
        HttpResponse<InputStream> r = stream(streamBody(false));
        BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
        List<Long> arrivals = new ArrayList<>();
        StringBuilder all = new StringBuilder();
        for (String line; (line = lines.readLine()) != null; ) {
            all.append(line).append('\n');
            if (line.startsWith("data: ")) {
                arrivals.add(System.nanoTime());
            }
        }
        validate(r, all.toString());
        assertEquals(6, arrivals.size()); // 4 tokens, finish, [DONE]
        // A lower bound only: a buffering env.gateway() delivers all events at once; a slow machine only widens the gaps.
        long spreadMillis = (arrivals.get(arrivals.size() - 1) - arrivals.get(0)) / 1_000_000;
        assertTrue(spreadMillis >= 5 * 150 * 8 / 10, "events arrived within " + spreadMillis + " ms");
    }

    @Test
    void keepsAMultiByteCharacterSplitAcrossReadsIntact() throws Exception {
        env.ollama().tokens("café 🙂", " ok").splitUtf8Characters();
        HttpResponse<InputStream> r = stream(streamBody(false));
        byte[] all = r.body().readAllBytes();
        String text = new String(all, StandardCharsets.UTF_8);
        assertTrue(text.contains("\"content\":\"café 🙂\""), text);
        assertTrue(!text.contains("\uFFFD"), "a replacement character means bytes were decoded and split: " + text);
        SpecValidator.load().validate("POST", CHAT, 200, "text/event-stream", all);
    }

    @Test
    void asksOllamaForUsageButHidesItFromAClientThatDidNotAsk() throws Exception {
        byte[] all = stream(streamBody(false)).body().readAllBytes();
        String text = new String(all, StandardCharsets.UTF_8);
        assertTrue(!text.contains("\"usage\""), text);
        assertEquals(4, text.split("\n\n").length); // Hello, " there", finish, [DONE]
        String forwarded = env.ollama().received(CHAT).get(0).bodyText();
        assertEquals(streamBody(false).substring(0, streamBody(false).length() - 1)
                + ",\"stream_options\":{\"include_usage\":true}}", forwarded);
        SpecValidator.load().validate("POST", CHAT, 200, "text/event-stream", all);
    }

    @Test
    void passesUsageToAClientThatAskedForIt() throws Exception {
        HttpResponse<InputStream> r = stream(streamBody(true));
        String text = new String(r.body().readAllBytes(), StandardCharsets.UTF_8);
        validate(r, text);
        assertTrue(text.contains("\"choices\":[],\"usage\":{\"prompt_tokens\":26,\"completion_tokens\":2"), text);
        assertEquals(streamBody(true), env.ollama().received(CHAT).get(0).bodyText());
    }

    @Test
    void endsABrokenStreamWithAnErrorEventTheClientCanRead() throws Exception {
        env.ollama().tokens("a", "b", "c").breakStreamAfter(2);
        HttpResponse<InputStream> r = stream(streamBody(false));
        String text = new String(r.body().readAllBytes(), StandardCharsets.UTF_8);
        validate(r, text); // the error event is documented data of the stream
        String[] events = text.split("\n\n");
        assertEquals(3, events.length, text);
        assertTrue(events[2].startsWith("data: {\"error\":{"), text);
        assertTrue(events[2].contains("\"code\":\"upstream_stream_broken\""), text);
        assertTrue(events[2].contains("\"provider\":\"aistack\""), text);
    }
}
