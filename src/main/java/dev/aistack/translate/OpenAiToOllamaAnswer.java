package dev.aistack.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aistack.errors.ErrorCode;
import dev.aistack.errors.ErrorDialect;
import dev.aistack.errors.GatewayException;
import dev.aistack.upstream.AnswerTranslator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * An OpenAI-compatible node's answer (chat, text completion, embeddings; whole or streamed) in Ollama's native
 * shape: one object, or NDJSON lines ending with the {@code "done":true} line that carries done_reason, the token
 * counts (from the node's usage) and durations (from the gateway's clock: Ollama's own timings are not known).
 * Tool calls come out as Ollama sends them: {@code function.arguments} an object, assembled from a stream's
 * fragments, in one line before the done line. Errors become {@code {"error":"<message>"}} with their status.
 */
public final class OpenAiToOllamaAnswer implements AnswerTranslator {
    /** Which native route the answer is for. */
    public enum Kind { CHAT, GENERATE, EMBED, EMBEDDINGS }

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String NATIVE_JSON = "application/json; charset=utf-8";

    private final Kind kind;
    private final String model;
    private final Clock wall;
    private final LongSupplier nanos;
    private final long start;
    private final StreamState stream = new StreamState();

    /** @param nanos a monotonic clock (System::nanoTime); durations are measured from this construction on */
    public OpenAiToOllamaAnswer(Kind kind, String model, Clock wall, LongSupplier nanos) {
        this.kind = kind;
        this.model = model;
        this.wall = wall;
        this.nanos = nanos;
        this.start = nanos.getAsLong();
    }

    public static OpenAiToOllamaAnswer forRequest(Kind kind, String model) {
        return new OpenAiToOllamaAnswer(kind, model, Clock.systemUTC(), System::nanoTime);
    }

    @Override
    public Whole whole(int status, byte[] body) {
        JsonNode tree = parse(body);
        if (status >= 400 || tree == null) {
            ObjectNode error = JSON.createObjectNode().put("error", errorMessage(tree, body, status));
            return new Whole(status >= 400 ? status : 502, NATIVE_JSON, bytes(error));
        }
        ObjectNode out = switch (kind) {
            case CHAT, GENERATE -> wholeGeneration(tree);
            case EMBED -> {
                ObjectNode o = JSON.createObjectNode().put("model", model);
                ArrayNode vectors = o.putArray("embeddings");
                tree.path("data").forEach(d -> vectors.add(d.path("embedding")));
                putPositive(o, "total_duration", nanos.getAsLong() - start);
                putPositive(o, "prompt_eval_count", tree.path("usage").path("prompt_tokens").asLong());
                yield o;
            }
            case EMBEDDINGS -> {
                ObjectNode o = JSON.createObjectNode();
                o.set("embedding", tree.path("data").path(0).path("embedding"));
                yield o;
            }
        };
        return new Whole(200, NATIVE_JSON, bytes(out));
    }

    private ObjectNode wholeGeneration(JsonNode tree) {
        JsonNode choice = tree.path("choices").path(0);
        ObjectNode out = head();
        if (kind == Kind.CHAT) {
            JsonNode m = choice.path("message");
            ObjectNode msg = out.putObject("message").put("role", "assistant").put("content", m.path("content").asText(""));
            String thinking = reasoning(m);
            if (!thinking.isEmpty()) {
                msg.put("thinking", thinking);
            }
            if (m.path("tool_calls").isArray() && !m.path("tool_calls").isEmpty()) {
                ArrayNode calls = msg.putArray("tool_calls");
                int i = 0;
                for (JsonNode c : m.get("tool_calls")) {
                    calls.add(toolCall(c.path("id").asText(null), i++, c.path("function").path("name").asText(),
                            c.path("function").path("arguments").asText("")));
                }
            }
        } else {
            out.put("response", choice.path("text").asText(""));
        }
        out.put("done", true);
        out.put("done_reason", doneReason(choice.path("finish_reason").asText("stop")));
        putPositive(out, "total_duration", nanos.getAsLong() - start);
        putPositive(out, "prompt_eval_count", tree.path("usage").path("prompt_tokens").asLong());
        putPositive(out, "eval_count", tree.path("usage").path("completion_tokens").asLong());
        return out;
    }

    @Override
    public String streamMediaType() {
        return "application/x-ndjson";
    }

    @Override
    public List<byte[]> event(byte[] event) {
        JsonNode chunk = sseData(event);
        if (chunk == null) {
            return List.of(); // [DONE], comments, keep-alives: the done line is written at the end
        }
        JsonNode usage = chunk.path("usage");
        if (usage.isObject() && (usage.path("prompt_tokens").asLong() > 0 || usage.path("completion_tokens").asLong() > 0)) {
            stream.promptTokens = usage.path("prompt_tokens").asLong();
            stream.completionTokens = usage.path("completion_tokens").asLong();
        }
        JsonNode choice = chunk.path("choices").path(0);
        if (choice.isMissingNode()) {
            return List.of();
        }
        if (choice.hasNonNull("finish_reason")) {
            stream.finishReason = choice.get("finish_reason").asText();
        }
        String text;
        String thinking = "";
        if (kind == Kind.CHAT) {
            JsonNode delta = choice.path("delta");
            text = delta.path("content").asText("");
            thinking = reasoning(delta);
            for (JsonNode tc : delta.path("tool_calls")) {
                stream.toolCall(tc);
            }
        } else {
            text = choice.path("text").asText("");
        }
        if (text.isEmpty() && thinking.isEmpty()) {
            return List.of();
        }
        if (stream.firstToken == 0) {
            stream.firstToken = nanos.getAsLong();
        }
        stream.chunks++;
        ObjectNode line = head();
        if (kind == Kind.CHAT) {
            ObjectNode msg = line.putObject("message").put("role", "assistant").put("content", text);
            if (!thinking.isEmpty()) {
                msg.put("thinking", thinking);
            }
        } else {
            line.put("response", text);
        }
        line.put("done", false);
        return List.of(ndjson(line));
    }

    @Override
    public List<byte[]> end(boolean complete) {
        if (!complete) {
            return List.of(error(new GatewayException(ErrorCode.UPSTREAM_STREAM_BROKEN, "The backend's stream ended "
                    + "before its end marker; the answer is incomplete.")));
        }
        List<byte[]> out = new ArrayList<>();
        if (!stream.calls.isEmpty()) {
            ObjectNode line = head();
            ArrayNode calls = line.putObject("message").put("role", "assistant").put("content", "")
                    .putArray("tool_calls");
            for (int i = 0; i < stream.calls.size(); i++) {
                StreamState.Call c = stream.calls.get(i);
                calls.add(toolCall(c.id, i, c.name.toString(), c.arguments.toString()));
            }
            line.put("done", false);
            out.add(ndjson(line));
        }
        long end = nanos.getAsLong();
        ObjectNode done = head();
        if (kind == Kind.CHAT) {
            done.putObject("message").put("role", "assistant").put("content", "");
        } else {
            done.put("response", "");
        }
        done.put("done", true);
        done.put("done_reason", doneReason(stream.finishReason));
        putPositive(done, "total_duration", end - start);
        putPositive(done, "prompt_eval_count", stream.promptTokens);
        if (stream.firstToken != 0) {
            putPositive(done, "prompt_eval_duration", stream.firstToken - start);
        }
        putPositive(done, "eval_count", stream.completionTokens > 0 ? stream.completionTokens : stream.chunks);
        if (stream.firstToken != 0) {
            putPositive(done, "eval_duration", end - stream.firstToken);
        }
        out.add(ndjson(done));
        return out;
    }

    @Override
    public byte[] error(GatewayException e) {
        return withNewline(ErrorDialect.OLLAMA.bytes(e));
    }

    private ObjectNode head() {
        ObjectNode o = JSON.createObjectNode();
        o.put("model", model);
        o.put("created_at", wall.instant().toString());
        return o;
    }

    /** Ollama's tool call: an id, the function's index, its name and its arguments as an object. */
    private static ObjectNode toolCall(String id, int index, String name, String arguments) {
        ObjectNode call = JSON.createObjectNode();
        if (id != null && !id.isEmpty()) {
            call.put("id", id);
        }
        ObjectNode fn = call.putObject("function");
        fn.put("index", index);
        fn.put("name", name);
        JsonNode args = parse((arguments.isBlank() ? "{}" : arguments).getBytes(StandardCharsets.UTF_8));
        fn.set("arguments", args != null && args.isObject() ? args : JSON.createObjectNode());
        return call;
    }

    /** vLLM names a thinking model's text reasoning_content (older) or reasoning (newer). */
    private static String reasoning(JsonNode m) {
        return m.path("reasoning_content").asText(m.path("reasoning").asText(""));
    }

    private static String doneReason(String finish) {
        return "length".equals(finish) ? "length" : "stop"; // Ollama ends tool calls with "stop" too
    }

    private static String errorMessage(JsonNode tree, byte[] body, int status) {
        if (tree != null) {
            JsonNode e = tree.path("error");
            if (e.isTextual()) {
                return e.asText();
            }
            if (e.path("message").isTextual()) {
                return e.path("message").asText();
            }
            if (tree.path("message").isTextual()) {
                return tree.path("message").asText();
            }
            if (tree.path("detail").isTextual()) {
                return tree.path("detail").asText();
            }
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "the backend answered " + status : text;
    }

    private static void putPositive(ObjectNode o, String field, long value) {
        if (value > 0) {
            o.put(field, value); // Ollama's metrics are omitempty
        }
    }

    /** The JSON object of an SSE event's data line, or null ([DONE], comments, anything else). */
    private static JsonNode sseData(byte[] event) {
        String s = new String(event, StandardCharsets.UTF_8);
        for (String line : s.split("\r?\n")) {
            if (line.startsWith("data:")) {
                String data = line.substring(5).strip();
                JsonNode n = data.startsWith("{") ? parse(data.getBytes(StandardCharsets.UTF_8)) : null;
                return n != null && n.isObject() ? n : null;
            }
        }
        return null;
    }

    private static JsonNode parse(byte[] body) {
        try {
            return body.length == 0 ? null : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static byte[] bytes(JsonNode n) {
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] ndjson(JsonNode n) {
        return withNewline(bytes(n));
    }

    private static byte[] withNewline(byte[] b) {
        byte[] out = new byte[b.length + 1];
        System.arraycopy(b, 0, out, 0, b.length);
        out[b.length] = '\n';
        return out;
    }

    /** What a stream has told so far: counts, the finish reason, tool calls being assembled from fragments. */
    private static final class StreamState {
        final List<Call> calls = new ArrayList<>();
        long promptTokens;
        long completionTokens;
        long chunks;
        long firstToken;
        String finishReason = "stop";

        /** vLLM sends a call's id and name first, then its arguments in pieces, all under the call's index. */
        void toolCall(JsonNode tc) {
            int index = tc.path("index").asInt(calls.size());
            while (calls.size() <= index) {
                calls.add(new Call());
            }
            Call c = calls.get(index);
            if (tc.hasNonNull("id")) {
                c.id = tc.get("id").asText();
            }
            JsonNode fn = tc.path("function");
            if (fn.hasNonNull("name")) {
                c.name.append(fn.get("name").asText());
            }
            if (fn.hasNonNull("arguments")) {
                c.arguments.append(fn.get("arguments").asText());
            }
        }

        static final class Call {
            String id;
            final StringBuilder name = new StringBuilder();
            final StringBuilder arguments = new StringBuilder();
        }
    }
}
