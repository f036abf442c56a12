package dev.aistack.http;

import dev.aistack.support.FakeOllama;
import dev.aistack.support.Http;
import dev.aistack.support.RunningGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Hostile requests, as an attacker would send them, through the real gateway in front of a well-behaved fake Ollama:
 * a seeded pass of mutated request lines, headers, framing and JSON bodies on the gateway's routes (MalformedRequestGenerator),
 * each written raw on its own socket. Each test states one promise the gateway keeps for every case. Seeded and
 * bounded: replay with -Daistack.fuzz.seed=S (and -Daistack.fuzz.case=N for one case), widen with
 * -Daistack.fuzz.cases=N; -Daistack.fuzz.verbose=true prints every case and its answer.
 */
class RequestFuzzTest {
    private static final long SEED = Long.getLong("aistack.fuzz.seed", 20261124L);
    private static final int CASES = Integer.getInteger("aistack.fuzz.cases", 400);
    private static final Integer ONLY = Integer.getInteger("aistack.fuzz.case");
    private static final boolean VERBOSE = Boolean.getBoolean("aistack.fuzz.verbose");
    private static final Duration BUDGET = Duration.ofSeconds(120);
    private static final String CHAT = "{\"model\":\"" + MalformedRequestGenerator.MODEL
            + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private record Outcome(FuzzCase fuzz, RawExchange.Result result) {
        RawExchange.Answer answer() {
            return result.first();
        }

        int status() {
            return answer() == null ? -1 : answer().status();
        }
    }

    private static FakeOllama ollama;
    private static RunningGateway gateway;
    private static final List<Outcome> outcomes = new ArrayList<>();
    private static int planned;

    @BeforeAll
    static void sendEveryCase() {
        ollama = FakeOllama.start();
        gateway = RunningGateway.inFrontOf(ollama.url());
        System.out.println("RequestFuzzTest: seed " + SEED + ", " + CASES + " cases");
        List<Integer> indexes = ONLY != null ? List.of(ONLY) : IntStream.range(0, CASES).boxed().toList();
        planned = indexes.size();
        long deadline = System.nanoTime() + BUDGET.toNanos();
        for (int i : indexes) {
            if (System.nanoTime() > deadline) {
                break;
            }
            FuzzCase c = MalformedRequestGenerator.generate(SEED, i, gateway.port());
            long t0 = System.nanoTime();
            outcomes.add(new Outcome(c, RawExchange.send(gateway.port(), c)));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (VERBOSE) {
                Outcome o = outcomes.get(outcomes.size() - 1);
                System.out.println("#" + i + " " + c.kind() + " | " + c.detail() + " | "
                        + (o.answer() == null ? o.result().ending() : o.answer().summary()));
            }
            if (ms > 1_000) {
                System.out.println("RequestFuzzTest: case #" + i + " (" + c.kind() + ") took " + ms + " ms: " + c.detail());
            }
        }
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (ollama != null) {
            ollama.close();
        }
    }

    @Test
    void everyRequestGetsAnHttpStatusLineBeforeTheConnectionEnds() {
        assertEquals(planned, outcomes.size(), "the pass ran out of its " + BUDGET.toSeconds() + " s budget (seed "
                + SEED + ")");
        assertNoCase("an HTTP status line came back before the connection ended", o -> o.status() < 0,
                o -> o.answer() == null ? "nothing, then " + o.result().ending() : o.answer().summary());
    }

    @Test
    void noRequestGetsAServerFault() {
        assertNoCase("no 500, and a 5xx only as the catalog's 502/503/504", o -> o.status() >= 500
                        && !(o.status() >= 502 && o.status() <= 504 && AnswerShapes.catalogProblem(o.answer()).isEmpty()),
                o -> o.answer().summary());
    }

    @Test
    void everyErrorIsTheCatalogEnvelopeWithARequestIdOrARelayedBackendAnswer() {
        assertNoCase("a 4xx/5xx is the catalog envelope with X-Request-Id, or the backend's answer relayed",
                o -> o.status() >= 400 && problem(o).isPresent() && !AnswerShapes.relayedFromBackend(o.answer()),
                o -> problem(o).orElseThrow() + "; " + o.answer().summary());
    }

    /** An answer to HEAD has no body (RFC 9110 §9.3.2): there only the request id can be checked. */
    private static java.util.Optional<String> problem(Outcome o) {
        if ("HEAD".equals(o.fuzz().method())) {
            String id = o.answer().header("X-Request-Id");
            return id == null || id.isBlank() ? java.util.Optional.of("no X-Request-Id header") : java.util.Optional.empty();
        }
        return AnswerShapes.catalogProblem(o.answer());
    }

    @Test
    void requestsWrongUnderEveryReadingGetAClientError() {
        assertNoCase("a request wrong under every reading gets a 4xx",
                o -> o.fuzz().expect() == FuzzCase.Expect.CLIENT_ERROR && o.status() >= 0
                        && (o.status() < 400 || o.status() >= 500),
                o -> o.answer().summary());
    }

    @Test
    void noRequestSmuggledInsideABodyIsAnswered() {
        assertNoCase("a request hidden in a body by TE+CL framing is never answered",
                o -> o.fuzz().expect() == FuzzCase.Expect.NO_SMUGGLED_ANSWER
                        && o.result().answers().stream().anyMatch(a -> a.text().contains("smuggled-")),
                o -> o.result().answers().size() + " answers: " + String.join(" | ",
                        o.result().answers().stream().map(RawExchange.Answer::summary).toList()));
    }

    @Test
    void theGatewayStillAnswersAChatAfterThePass() {
        Http.Response r = Http.postJson(gateway, "/v1/chat/completions", CHAT);
        assertEquals(200, r.status(), r.text());
        assertTrue(r.text().contains("\"object\":\"chat.completion\""), r.text());
    }

    @Test
    void noGpuSlotIsLeftInUseAfterThePass() throws InterruptedException {
        assertTrue(Http.awaitSlotsFree(gateway), "a GPU slot stayed in use after the fuzz pass (seed " + SEED + ")");
    }

    /** Fails with every broken case grouped by kind, one example each, and how to replay it. */
    private static void assertNoCase(String promise, Predicate<Outcome> broken, Function<Outcome, String> got) {
        List<Outcome> bad = outcomes.stream().filter(broken).toList();
        if (bad.isEmpty()) {
            return;
        }
        Map<String, List<Outcome>> byKind = new TreeMap<>();
        bad.forEach(o -> byKind.computeIfAbsent(o.fuzz().kind(), k -> new ArrayList<>()).add(o));
        StringBuilder msg = new StringBuilder(String.format("%d of %d cases broke the promise: %s (seed %d; replay "
                + "one with -Daistack.fuzz.seed=%d -Daistack.fuzz.case=N)%n", bad.size(), outcomes.size(), promise,
                SEED, SEED));
        byKind.forEach((kind, list) -> {
            Outcome e = list.get(0);
            msg.append(String.format("  %s: %d case(s), e.g. #%d %s%n      sent: %s%n      got:  %s%n", kind,
                    list.size(), e.fuzz().index(), e.fuzz().detail(), e.fuzz().preview(), got.apply(e)));
        });
        fail(msg.toString());
    }
}
