package dev.aistack.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aistack.errors.ErrorCode;
import dev.aistack.errors.ErrorDialect;
import dev.aistack.errors.GatewayException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An OpenAI chat completion stream as Anthropic's named events, one backend event at a time. Anthropic's stream
 * is a sequence of content blocks, each opened, filled and closed in turn; OpenAI's deltas mix text, reasoning and
 * tool calls by field, so this keeps the one open block and closes it when the kind of delta changes. Tool calls
 * are told apart by their {@code index}: Ollama sends each call whole in one delta (parallel calls side by side in
 * one array), vLLM sends the name first and the arguments in many fragments; each fragment becomes one
 * input_json_delta of that call's block. Pure: no I/O, one instance per stream, not thread-safe.
 */
public final class OpenAiToAnthropicStream {
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final byte[] PING = sse("ping", JSON.createObjectNode().put("type", "ping"));

    private enum Kind { TEXT, THINKING, TOOL }

    private final String id;
    private final String requestedModel;
    private final Map<Integer, Integer> toolBlocks = new HashMap<>(); // OpenAI tool_calls index -> block index
    private boolean started;
    private boolean finished;
    private int openBlock = -1;
    private Kind openKind;
    private int nextBlock;
    private AnthropicStopReason stop;
    private long inputTokens;
    private long outputTokens;
    private boolean usageReported;
    private long contentChunks;

    public OpenAiToAnthropicStream(String id, String requestedModel) {
        this.id = id;
        this.requestedModel = requestedModel;
    }

    /** One backend SSE event (whole: the relay frames them), as zero or more Anthropic events. */
    public List<byte[]> event(byte[] event) {
        List<byte[]> out = new ArrayList<>();
        if (finished) {
            return out;
        }
        String data = data(event);
        if (data == null || data.equals("[DONE]")) {
            return out;
        }
        JsonNode chunk;
        try {
            chunk = JSON.readTree(data);
        } catch (IOException e) {
            return fail(out, new GatewayException(ErrorCode.UPSTREAM_BAD_RESPONSE,
                    "The backend sent a stream event that is not JSON."));
        }
        if (chunk == null || !chunk.isObject()) {
            return out;
        }
        if (chunk.has("error")) { // a backend that fails mid-stream says so in an event of its own
            return backendError(out, chunk);
        }
        String model = chunk.path("model").asText("");
        start(out, model.isEmpty() ? requestedModel : model);
        readUsage(chunk.get("usage"));
        JsonNode choice = chunk.path("choices").path(0);
        if (choice.isMissingNode()) {
            return out;
        }
        JsonNode delta = choice.path("delta");
        String reasoning = OpenAiToAnthropicMessage.reasoning(delta);
        if (!reasoning.isEmpty()) {
            open(out, Kind.THINKING);
            out.add(blockDelta(openBlock, "thinking_delta", "thinking", reasoning));
            contentChunks++;
        }
        String text = delta.path("content").asText("");
        if (!text.isEmpty()) { // empty deltas (a role-only first chunk, a finish chunk) open nothing
            open(out, Kind.TEXT);
            out.add(blockDelta(openBlock, "text_delta", "text", text));
            contentChunks++;
        }
        JsonNode calls = delta.path("tool_calls");
        for (int i = 0; i < calls.size(); i++) {
            toolCall(out, calls.get(i), i);
        }
        String finish = choice.path("finish_reason").asText(null);
        if (finish != null) {
            stop = AnthropicStopReason.of(finish, choice.get("stop_reason"));
        }
        return out;
    }

    /** The backend's stream ended; complete: its [DONE] arrived. */
    public List<byte[]> end(boolean complete) {
        List<byte[]> out = new ArrayList<>();
        if (finished) {
            return out;
        }
        if (!complete) {
            return fail(out, new GatewayException(ErrorCode.UPSTREAM_STREAM_BROKEN,
                    "The backend's stream ended before its last event; the answer is incomplete."));
        }
        start(out, requestedModel);
        close(out);
        AnthropicStopReason reason = stop != null ? stop : AnthropicStopReason.of(null, null);
        if (!toolBlocks.isEmpty() && reason.reason().equals("end_turn")) {
            reason = new AnthropicStopReason("tool_use", null); // the client loops on tool_use to run the tools
        }
        ObjectNode delta = JSON.createObjectNode().put("type", "message_delta");
        delta.putObject("delta").put("stop_reason", reason.reason()).put("stop_sequence", reason.sequence());
        delta.putObject("usage").put("input_tokens", inputTokens)
                .put("output_tokens", usageReported ? outputTokens : contentChunks);
        out.add(sse("message_delta", delta));
        out.add(sse("message_stop", JSON.createObjectNode().put("type", "message_stop")));
        finished = true;
        return out;
    }

    /** A stream that broke after it started (the relay's own failure): Anthropic's error event, last. */
    public byte[] error(GatewayException e) {
        finished = true;
        return errorEvent(ErrorDialect.ANTHROPIC.bytes(e));
    }

    private void start(List<byte[]> out, String model) {
        if (started) {
            return;
        }
        started = true;
        ObjectNode event = JSON.createObjectNode().put("type", "message_start");
        ObjectNode message = event.putObject("message");
        message.put("id", id).put("type", "message").put("role", "assistant").putArray("content");
        message.put("model", model).putNull("stop_reason").putNull("stop_sequence");
        // OpenAI servers report prompt tokens only at the end: message_delta carries the real input_tokens.
        message.putObject("usage").put("input_tokens", 0).put("output_tokens", 0);
        out.add(sse("message_start", event));
    }

    private void toolCall(List<byte[]> out, JsonNode call, int position) {
        int index = call.has("index") ? call.get("index").asInt() : position;
        Integer block = toolBlocks.get(index);
        if (block == null) {
            close(out);
            block = nextBlock++;
            toolBlocks.put(index, block);
            ObjectNode start = JSON.createObjectNode().put("type", "content_block_start").put("index", block);
            start.putObject("content_block").put("type", "tool_use")
                    .put("id", call.path("id").asText(AnthropicIds.toolUse()))
                    .put("name", call.path("function").path("name").asText(""))
                    .putObject("input");
            out.add(sse("content_block_start", start));
            openBlock = block;
            openKind = Kind.TOOL;
        }
        JsonNode arguments = call.path("function").get("arguments");
        String piece = arguments == null || arguments.isNull() ? ""
                : arguments.isTextual() ? arguments.asText() : arguments.toString();
        if (!piece.isEmpty()) {
            out.add(blockDelta(block, "input_json_delta", "partial_json", piece));
            contentChunks++;
        }
    }

    private void open(List<byte[]> out, Kind kind) {
        if (openBlock >= 0 && openKind == kind) {
            return;
        }
        close(out);
        openBlock = nextBlock++;
        openKind = kind;
        ObjectNode start = JSON.createObjectNode().put("type", "content_block_start").put("index", openBlock);
        ObjectNode block = start.putObject("content_block");
        if (kind == Kind.TEXT) {
            block.put("type", "text").put("text", "");
        } else {
            block.put("type", "thinking").put("thinking", "").put("signature", "");
        }
        out.add(sse("content_block_start", start));
    }

    private void close(List<byte[]> out) {
        if (openBlock < 0) {
            return;
        }
        out.add(sse("content_block_stop", JSON.createObjectNode().put("type", "content_block_stop")
                .put("index", openBlock)));
        openBlock = -1;
        openKind = null;
    }

    private void readUsage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return;
        }
        long prompt = usage.path("prompt_tokens").asLong(0);
        long completion = usage.path("completion_tokens").asLong(0);
        if (prompt > 0 || completion > 0) { // some servers put zero usage on every chunk
            inputTokens = prompt;
            outputTokens = completion;
            usageReported = true;
        }
    }

    private List<byte[]> backendError(List<byte[]> out, JsonNode chunk) {
        finished = true;
        byte[] body = OpenAiErrorToAnthropic.body(500, chunk.toString().getBytes(StandardCharsets.UTF_8));
        out.add(errorEvent(body));
        return out;
    }

    private List<byte[]> fail(List<byte[]> out, GatewayException e) {
        out.add(error(e));
        return out;
    }

    private static byte[] blockDelta(int index, String type, String field, String value) {
        ObjectNode event = JSON.createObjectNode().put("type", "content_block_delta").put("index", index);
        event.putObject("delta").put("type", type).put(field, value);
        return sse("content_block_delta", event);
    }

    private static byte[] errorEvent(byte[] errorJson) {
        return ("event: error\ndata: " + new String(errorJson, StandardCharsets.UTF_8) + "\n\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    static byte[] sse(String name, ObjectNode data) {
        return ("event: " + name + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The event's data (several data lines joined with a newline, as the SSE spec says), or null for none. */
    private static String data(byte[] event) {
        StringBuilder data = null;
        for (String line : new String(event, StandardCharsets.UTF_8).split("\r\n|\r|\n")) {
            if (line.startsWith("data:")) {
                String value = line.substring(5);
                value = value.startsWith(" ") ? value.substring(1) : value;
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            }
        }
        return data == null ? null : data.toString().strip();
    }
}
