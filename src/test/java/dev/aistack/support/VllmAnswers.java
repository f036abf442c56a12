package dev.aistack.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * vLLM's answers, in the shapes of vllm-project/vllm's OpenAI server: ModelCard, ModelList, ErrorResponse and
 * UsageInfo from vllm/entrypoints/openai/engine/protocol.py; the model check ("The model `x` does not exist.",
 * NotFoundError, param "model") and create_error_response from engine/serving.py; the stream (first chunk with the
 * role and empty content, one chunk per token, a finish chunk, a usage chunk with no choices when
 * stream_options.include_usage, then "data: [DONE]") from chat_completion/serving.py. Non-streaming answers are
 * FastAPI JSONResponses (no trailing newline); streams are text/event-stream; charset=utf-8 (Starlette).
 */
final class VllmAnswers {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_TYPE = "application/json";
    private static final long CREATED = 1740569824L;
    private static final AtomicLong IDS = new AtomicLong();

    private final FakeOpenAiServer server;
    private final HttpExchange ex;

    VllmAnswers(FakeOpenAiServer server, HttpExchange ex) {
        this.server = server;
        this.ex = ex;
    }

    void answer(String method, String path, byte[] body) throws IOException {
        int failure = server.takeFailure();
        if (failure != 0) {
            send(failure, JSON_TYPE, error(failureMessage(failure), failureType(failure), null, failure));
            return;
        }
        // vllm serve --api-key guards every /v1 route (api_server.py's authentication middleware), not /health.
        String key = server.apiKey();
        if (key != null && path.startsWith("/v1") && !("Bearer " + key).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            send(401, JSON_TYPE, "{\"error\":\"Unauthorized\"}");
            return;
        }
        switch (method + " " + path) {
            case "GET /health" -> send(200, JSON_TYPE, "");
            case "GET /v1/models" -> send(200, JSON_TYPE, modelList());
            case "POST /v1/chat/completions" -> generate(body, true);
            case "POST /v1/completions" -> generate(body, false);
            case "POST /v1/embeddings" -> embeddings(body);
            default -> send(404, JSON_TYPE, "{\"detail\":\"Not Found\"}"); // FastAPI's unknown route
        }
    }

    private String modelList() {
        ArrayNode data = JSON.createArrayNode();
        for (String m : server.models()) {
            ObjectNode card = data.addObject().put("id", m).put("object", "model").put("created", CREATED)
                    .put("owned_by", "vllm").put("root", m).putNull("parent").put("max_model_len", server.maxModelLen());
            card.putArray("permission").addObject().put("id", "modelperm-" + hex()).put("object", "model_permission")
                    .put("created", CREATED).put("allow_create_engine", false).put("allow_sampling", true)
                    .put("allow_logprobs", true).put("allow_search_indices", false).put("allow_view", true)
                    .put("allow_fine_tuning", false).put("organization", "*").putNull("group").put("is_blocking", false);
        }
        return "{\"object\":\"list\",\"data\":" + data + "}";
    }

    /** Chat (chat = true) or text completions, streaming or not. */
    private void generate(byte[] body, boolean chat) throws IOException {
        Optional<JsonNode> request = parse(body);
        if (request.isEmpty()) {
            return;
        }
        JsonNode req = request.get();
        String model = req.path("model").asText();
        if (!server.models().contains(model)) {
            send(404, JSON_TYPE, error("The model `" + model + "` does not exist.", "NotFoundError", "model", 404));
            return;
        }
        server.inFlightCounter().incrementAndGet();
        try {
            server.beforeFirstByte();
            List<String> tokens = server.tokens();
            int prompt = 12;
            String usage = "{\"prompt_tokens\":" + prompt + ",\"total_tokens\":" + (prompt + tokens.size())
                    + ",\"completion_tokens\":" + tokens.size() + ",\"prompt_tokens_details\":null}";
            String id = (chat ? "chatcmpl-" : "cmpl-") + hex();
            boolean tools = chat && req.path("tools").isArray() && !req.path("tools").isEmpty();
            if (tools) {
                toolCall(req, id, model, usage);
                return;
            }
            if (!req.path("stream").asBoolean(false)) {
                String text = JSON.writeValueAsString(String.join("", tokens));
                String choice = chat
                        ? "{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":" + text + ",\"refusal\":null,"
                        + "\"annotations\":null,\"audio\":null,\"function_call\":null,\"tool_calls\":[],"
                        + "\"reasoning_content\":null},\"logprobs\":null,\"finish_reason\":\"stop\",\"stop_reason\":null}"
                        : "{\"index\":0,\"text\":" + text + ",\"logprobs\":null,\"finish_reason\":\"stop\","
                        + "\"stop_reason\":null,\"prompt_logprobs\":null}";
                send(200, JSON_TYPE, "{\"id\":\"" + id + "\",\"object\":\"" + (chat ? "chat.completion" : "text_completion")
                        + "\",\"created\":" + CREATED + ",\"model\":\"" + model + "\",\"choices\":[" + choice + "],"
                        + "\"usage\":" + usage + ",\"prompt_logprobs\":null,\"kv_transfer_params\":null}");
                return;
            }
            String head = "{\"id\":\"" + id + "\",\"object\":\"" + (chat ? "chat.completion.chunk" : "text_completion")
                    + "\",\"created\":" + CREATED + ",\"model\":\"" + model + "\",\"choices\":";
            List<String> events = new ArrayList<>();
            if (chat) {
                events.add(head + "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,"
                        + "\"finish_reason\":null}]}");
            }
            for (String t : tokens) {
                String piece = JSON.writeValueAsString(t);
                events.add(head + (chat
                        ? "[{\"index\":0,\"delta\":{\"content\":" + piece + "},\"logprobs\":null,\"finish_reason\":null}]}"
                        : "[{\"index\":0,\"text\":" + piece + ",\"logprobs\":null,\"finish_reason\":null,"
                        + "\"stop_reason\":null}]}"));
            }
            events.add(head + (chat
                    ? "[{\"index\":0,\"delta\":{\"content\":\"\"},\"logprobs\":null,\"finish_reason\":\"stop\","
                    + "\"stop_reason\":null}]}"
                    : "[{\"index\":0,\"text\":\"\",\"logprobs\":null,\"finish_reason\":\"stop\",\"stop_reason\":null}]}"));
            if (req.path("stream_options").path("include_usage").asBoolean(false)) {
                events.add(head + "[],\"usage\":" + usage.replace(",\"prompt_tokens_details\":null", "") + "}");
            }
            events.add("[DONE]");
            stream(events);
        } finally {
            server.inFlightCounter().decrementAndGet();
        }
    }

    /**
     * A call of the request's first tool, as vLLM's tool parsers send it: whole, or streamed as a first delta with
     * the call's id and name and then its arguments in several pieces, finish_reason "tool_calls".
     */
    private void toolCall(JsonNode req, String id, String model, String usage) throws IOException {
        String name = req.path("tools").path(0).path("function").path("name").asText();
        String callId = "chatcmpl-tool-" + hex().substring(24);
        if (!req.path("stream").asBoolean(false)) {
            send(200, JSON_TYPE, "{\"id\":\"" + id + "\",\"object\":\"chat.completion\",\"created\":" + CREATED
                    + ",\"model\":\"" + model + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                    + "\"content\":null,\"refusal\":null,\"annotations\":null,\"audio\":null,\"function_call\":null,"
                    + "\"tool_calls\":[{\"id\":\"" + callId + "\",\"type\":\"function\",\"function\":{\"name\":\"" + name
                    + "\",\"arguments\":\"{\\\"city\\\": \\\"Paris\\\"}\"}}],\"reasoning_content\":null},\"logprobs\":null,"
                    + "\"finish_reason\":\"tool_calls\",\"stop_reason\":null}],\"usage\":" + usage
                    + ",\"prompt_logprobs\":null,\"kv_transfer_params\":null}");
            return;
        }
        String head = "{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":" + CREATED
                + ",\"model\":\"" + model + "\",\"choices\":";
        List<String> events = new ArrayList<>();
        events.add(head + "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,"
                + "\"finish_reason\":null}]}");
        events.add(head + "[{\"index\":0,\"delta\":{\"tool_calls\":[{\"id\":\"" + callId + "\",\"type\":\"function\","
                + "\"index\":0,\"function\":{\"name\":\"" + name + "\"}}]},\"logprobs\":null,\"finish_reason\":null}]}");
        for (String piece : List.of("{\\\"city\\\":", " \\\"Par", "is\\\"}")) {
            events.add(head + "[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\""
                    + piece + "\"}}]},\"logprobs\":null,\"finish_reason\":null}]}");
        }
        events.add(head + "[{\"index\":0,\"delta\":{\"content\":\"\"},\"logprobs\":null,\"finish_reason\":"
                + "\"tool_calls\",\"stop_reason\":null}]}");
        if (req.path("stream_options").path("include_usage").asBoolean(false)) {
            events.add(head + "[],\"usage\":" + usage.replace(",\"prompt_tokens_details\":null", "") + "}");
        }
        events.add("[DONE]");
        stream(events);
    }

    private void embeddings(byte[] body) throws IOException {
        Optional<JsonNode> request = parse(body);
        if (request.isEmpty()) {
            return;
        }
        String model = request.get().path("model").asText();
        if (!server.models().contains(model)) {
            send(404, JSON_TYPE, error("The model `" + model + "` does not exist.", "NotFoundError", "model", 404));
            return;
        }
        JsonNode input = request.get().path("input");
        int inputs = input.isArray() ? input.size() : 1;
        server.inFlightCounter().incrementAndGet();
        try {
            server.beforeFirstByte();
            StringBuilder data = new StringBuilder();
            for (int i = 0; i < inputs; i++) {
                data.append(i == 0 ? "" : ",").append("{\"index\":").append(i)
                        .append(",\"object\":\"embedding\",\"embedding\":[0.0123,-0.0456,0.0789]}");
            }
            send(200, JSON_TYPE, "{\"id\":\"embd-" + hex() + "\",\"object\":\"list\",\"created\":" + CREATED
                    + ",\"model\":\"" + model + "\",\"data\":[" + data + "],\"usage\":{\"prompt_tokens\":" + 4 * inputs
                    + ",\"total_tokens\":" + 4 * inputs + ",\"completion_tokens\":0,\"prompt_tokens_details\":null}}");
        } finally {
            server.inFlightCounter().decrementAndGet();
        }
    }

    /** The JSON request body; when it is none, answers vLLM's 400 and returns empty. */
    private Optional<JsonNode> parse(byte[] body) throws IOException {
        try {
            JsonNode n = JSON.readTree(body);
            if (n != null && n.isObject()) {
                return Optional.of(n);
            }
        } catch (IOException ignored) {
            // answered below
        }
        send(400, JSON_TYPE, error("The request body is not a JSON object.", "BadRequestError", null, 400));
        return Optional.empty();
    }

    /** SSE events ({@code data: X\n\n}), chunked and flushed one by one. */
    private void stream(List<String> events) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        for (int i = 0; i < events.size(); i++) {
            if (i == server.breakAfterEvents()) {
                // Thrown out of the handler, this makes the JDK server drop the connection without the last chunk.
                throw new IllegalStateException("fake vLLM engine died mid-stream");
            }
            out.write(("data: " + events.get(i) + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
        out.close();
    }

    private void send(int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** vLLM's ErrorResponse: {"error": ErrorInfo}. (Older releases sent it flat, with "object":"error".) */
    static String error(String message, String type, String param, int code) {
        ObjectNode info = JSON.createObjectNode().put("message", message).put("type", type).put("param", param)
                .put("code", code);
        return JSON.createObjectNode().set("error", info).toString();
    }

    private static String failureMessage(int status) {
        return switch (status) {
            case 429 -> "Too many requests: the server is at capacity.";
            case 503 -> "The server is not ready: the engine is starting or has stopped.";
            default -> "The server failed to answer.";
        };
    }

    private static String failureType(int status) {
        return switch (status) {
            case 429 -> "RateLimitError";
            case 503 -> "ServiceUnavailableError";
            default -> status >= 500 ? "InternalServerError" : "BadRequestError";
        };
    }

    private static String hex() {
        return String.format("%032x", IDS.incrementAndGet());
    }
}
