package dev.aistack.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Ollama's answers, with the exact bytes of shared/OLLAMA_WIRE.md (§1, §3, §4). */
final class OllamaRoutes {
    private static final String OPENAI_JSON = "application/json";            // json.NewEncoder: trailing \n
    private static final String NATIVE_JSON = "application/json; charset=utf-8"; // gin c.JSON: no newline
    private static final long CREATED = 1740569824L;
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.nnnnnnnnn'Z'")
            .withZone(ZoneOffset.UTC);

    private OllamaRoutes() {
    }

    static void route(FakeOllama o, HttpExchange ex, String method, String path, byte[] body) throws IOException {
        switch (method + " " + path) {
            case "POST /v1/chat/completions" -> chat(o, ex, body);
            case "POST /v1/completions" -> completions(o, ex, body);
            case "POST /v1/embeddings" -> embeddings(o, ex, body);
            case "POST /v1/responses" -> responses(o, ex, body);
            // A newer endpoint the gateway does not know: reachable only through its /v1 passthrough.
            case "POST /v1/audio/transcriptions" -> FakeOllama.send(ex, 200, OPENAI_JSON, "{\"text\":\"hello\"}\n");
            case "POST /api/generate" -> generate(o, ex, body);
            case "POST /api/chat" -> OllamaNativeRoutes.generate(o, ex, body, true);
            case "POST /api/embed" -> OllamaNativeRoutes.embed(o, ex, body, false);
            case "POST /api/embeddings" -> OllamaNativeRoutes.embed(o, ex, body, true);
            case "POST /api/show" -> OllamaNativeRoutes.show(o, ex, body);
            case "GET /api/tags" -> tags(o, ex);
            case "GET /api/ps" -> ps(o, ex);
            case "GET /api/version" -> FakeOllama.send(ex, 200, NATIVE_JSON, "{\"version\":\"0.32.15\"}");
            case "GET /" -> FakeOllama.send(ex, 200, "text/plain; charset=utf-8", "Ollama is running");
            default -> FakeOllama.send(ex, 404, "text/plain", "404 page not found");
        }
    }

    private static void chat(FakeOllama o, HttpExchange ex, byte[] body) throws IOException {
        Optional<JsonNode> req = FakeOllama.parse(body);
        if (req.isEmpty() || !req.get().isObject()) {
            FakeOllama.send(ex, 400, NATIVE_JSON, openAiError("invalid character 'b' looking for beginning of object "
                    + "key string", "invalid_request_error"));
            return;
        }
        String model = req.get().path("model").asText();
        if (!o.knows(model)) {
            FakeOllama.send(ex, 404, OPENAI_JSON, openAiError("model '" + model + "' not found", "not_found_error") + "\n");
            return;
        }
        boolean tools = req.get().path("tools").isArray() && !req.get().path("tools").isEmpty();
        run(o, model, () -> {
            o.beforeAnswer();
            if (!req.get().path("stream").asBoolean(false)) {
                String message = tools
                        ? "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"id\":\"call_k3j9x0qa\",\"index\":0,"
                        + "\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":"
                        + "\"{\\\"city\\\":\\\"Paris\\\"}\"}}]}"
                        : "{\"role\":\"assistant\",\"content\":" + FakeOllama.JSON.writeValueAsString(String.join("", o.tokens())) + "}";
                FakeOllama.sendAnswer(o, ex, OPENAI_JSON, "{\"id\":\"chatcmpl-431\",\"object\":\"chat.completion\",\"created\":"
                        + CREATED + ",\"model\":\"" + model + "\",\"system_fingerprint\":\"fp_ollama\",\"choices\":[{\"index\":0,"
                        + "\"message\":" + message + ",\"finish_reason\":\"" + (tools ? "tool_calls" : "stop")
                        + "\"}],\"usage\":{\"prompt_tokens\":30,\"completion_tokens\":" + o.tokens().size()
                        + ",\"total_tokens\":" + (30 + o.tokens().size()) + "}}\n");
                return;
            }
            String head = "{\"id\":\"chatcmpl-981\",\"object\":\"chat.completion.chunk\",\"created\":" + CREATED
                    + ",\"model\":\"" + model + "\",\"system_fingerprint\":\"fp_ollama\",\"choices\":";
            List<String> events = new java.util.ArrayList<>();
            List<String> tokens = o.tokens();
            for (int i = 0; i < tokens.size(); i++) {
                String delta = (i == 0 ? "{\"role\":\"assistant\",\"content\":" : "{\"content\":")
                        + FakeOllama.JSON.writeValueAsString(tokens.get(i)) + "}";
                events.add(head + "[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":null}]}");
            }
            events.add(head + "[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}");
            if (req.get().path("stream_options").path("include_usage").asBoolean(false)) {
                events.add(head + "[],\"usage\":{\"prompt_tokens\":26,\"completion_tokens\":" + tokens.size()
                        + ",\"total_tokens\":" + (26 + tokens.size()) + "}}");
            }
            events.add("[DONE]");
            stream(o, ex, events);
        });
    }

    private static void completions(FakeOllama o, HttpExchange ex, byte[] body) throws IOException {
        JsonNode req = FakeOllama.parse(body).orElse(FakeOllama.JSON.createObjectNode());
        String model = req.path("model").asText();
        if (!o.knows(model)) {
            FakeOllama.send(ex, 404, OPENAI_JSON, openAiError("model '" + model + "' not found", "not_found_error") + "\n");
            return;
        }
        run(o, model, () -> {
            o.beforeAnswer();
            if (!req.path("stream").asBoolean(false)) {
                FakeOllama.send(ex, 200, OPENAI_JSON, "{\"id\":\"cmpl-116\",\"object\":\"text_completion\",\"created\":"
                        + CREATED + ",\"model\":\"" + model + "\",\"system_fingerprint\":\"fp_ollama\",\"choices\":[{\"text\":"
                        + FakeOllama.JSON.writeValueAsString(String.join("", o.tokens())) + ",\"index\":0,\"finish_reason\":"
                        + "\"stop\"}],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":" + o.tokens().size()
                        + ",\"total_tokens\":" + (7 + o.tokens().size()) + "}}\n");
                return;
            }
            boolean usage = req.path("stream_options").path("include_usage").asBoolean(false);
            String zero = usage ? ",\"usage\":{\"prompt_tokens\":0,\"completion_tokens\":0,\"total_tokens\":0}" : "";
            List<String> events = new java.util.ArrayList<>();
            for (String t : o.tokens()) {
                events.add("{\"id\":\"cmpl-824\",\"object\":\"text_completion\",\"created\":" + CREATED + ",\"choices\":[{"
                        + "\"text\":" + FakeOllama.JSON.writeValueAsString(t) + ",\"index\":0,\"finish_reason\":null}],\"model\":\""
                        + model + "\",\"system_fingerprint\":\"fp_ollama\"" + zero + "}");
            }
            events.add("{\"id\":\"cmpl-824\",\"object\":\"text_completion\",\"created\":" + CREATED + ",\"choices\":[{"
                    + "\"text\":\"\",\"index\":0,\"finish_reason\":\"stop\"}],\"model\":\"" + model
                    + "\",\"system_fingerprint\":\"fp_ollama\"" + zero + "}");
            if (usage) {
                events.add("{\"id\":\"cmpl-824\",\"object\":\"text_completion\",\"created\":" + CREATED + ",\"choices\":[],"
                        + "\"model\":\"" + model + "\",\"system_fingerprint\":\"fp_ollama\",\"usage\":{\"prompt_tokens\":7,"
                        + "\"completion_tokens\":" + o.tokens().size() + ",\"total_tokens\":" + (7 + o.tokens().size()) + "}}");
            }
            events.add("[DONE]");
            stream(o, ex, events);
        });
    }

    private static void embeddings(FakeOllama o, HttpExchange ex, byte[] body) throws IOException {
        JsonNode req = FakeOllama.parse(body).orElse(FakeOllama.JSON.createObjectNode());
        String model = req.path("model").asText();
        if (!o.knows(model)) {
            FakeOllama.send(ex, 404, OPENAI_JSON, openAiError("model \"" + model + "\" not found, try pulling it first",
                    "not_found_error") + "\n");
            return;
        }
        run(o, model, () -> FakeOllama.send(ex, 200, OPENAI_JSON, "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\","
                + "\"embedding\":[0.010071029,-0.0017594862,0.05007221],\"index\":0}],\"model\":\"" + model + "\","
                + "\"usage\":{\"prompt_tokens\":8,\"total_tokens\":8}}\n"));
    }

    private static void responses(FakeOllama o, HttpExchange ex, byte[] body) throws IOException {
        JsonNode req = FakeOllama.parse(body).orElse(FakeOllama.JSON.createObjectNode());
        String model = req.path("model").asText();
        if (!o.knows(model)) {
            FakeOllama.send(ex, 404, OPENAI_JSON, openAiError("model '" + model + "' not found", "not_found_error") + "\n");
            return;
        }
        String text = String.join("", o.tokens());
        String response = "{\"id\":\"resp_128847\",\"object\":\"response\",\"created_at\":" + CREATED + ",\"completed_at\":"
                + (CREATED + 1) + ",\"status\":\"completed\",\"incomplete_details\":null,\"model\":\"" + model + "\","
                + "\"previous_response_id\":null,\"instructions\":null,\"output\":[{\"id\":\"msg_37708\",\"type\":\"message\","
                + "\"status\":\"completed\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":"
                + FakeOllama.JSON.writeValueAsString(text) + ",\"annotations\":[],\"logprobs\":[]}]}],\"error\":null,"
                + "\"tools\":[],\"tool_choice\":\"auto\",\"truncation\":\"disabled\",\"parallel_tool_calls\":true,\"text\":{"
                + "\"format\":{\"type\":\"text\"}},\"top_p\":1,\"presence_penalty\":0,\"frequency_penalty\":0,"
                + "\"top_logprobs\":0,\"temperature\":1,\"reasoning\":null,\"usage\":{\"input_tokens\":26,\"output_tokens\":"
                + o.tokens().size() + ",\"total_tokens\":" + (26 + o.tokens().size()) + ",\"input_tokens_details\":{"
                + "\"cached_tokens\":0},\"output_tokens_details\":{\"reasoning_tokens\":0}},\"max_output_tokens\":null,"
                + "\"max_tool_calls\":null,\"store\":false,\"background\":false,\"service_tier\":\"default\",\"metadata\":{},"
                + "\"safety_identifier\":null,\"prompt_cache_key\":null}";
        run(o, model, () -> {
            o.beforeAnswer();
            if (!req.path("stream").asBoolean(false)) {
                FakeOllama.send(ex, 200, OPENAI_JSON, response + "\n");
                return;
            }
            List<String> events = new java.util.ArrayList<>();
            int seq = 0;
            String inProgress = response.replace("\"status\":\"completed\",\"incomplete", "\"status\":\"in_progress\",\"incomplete");
            events.add(responseEvent("response.created", "{\"response\":" + inProgress, seq++));
            events.add(responseEvent("response.in_progress", "{\"response\":" + inProgress, seq++));
            for (String t : o.tokens()) {
                events.add(responseEvent("response.output_text.delta", "{\"item_id\":\"msg_37708\",\"output_index\":0,"
                        + "\"content_index\":0,\"delta\":" + FakeOllama.JSON.writeValueAsString(t) + ",\"logprobs\":[]", seq++));
            }
            events.add(responseEvent("response.completed", "{\"response\":" + response, seq));
            ex.getResponseHeaders().set("Cache-Control", "no-cache");
            ex.getResponseHeaders().set("Connection", "keep-alive");
            streamRaw(o, ex, events);
        });
    }

    private static String responseEvent(String type, String openObject, int sequence) {
        return "event: " + type + "\ndata: " + openObject + ",\"type\":\"" + type + "\",\"sequence_number\":" + sequence + "}\n\n";
    }

    /** Native load / unload without a prompt: the way the gateway makes keep_alive take effect. */
    private static void generate(FakeOllama o, HttpExchange ex, byte[] body) throws IOException {
        JsonNode req = FakeOllama.parse(body).orElse(FakeOllama.JSON.createObjectNode());
        String model = req.path("model").asText();
        Optional<java.time.Duration> keepAlive;
        try {
            JsonNode ka = req.get("keep_alive");
            keepAlive = OllamaScheduler.parseKeepAlive(ka == null || ka.isNull() ? null
                    : ka.isNumber() ? ka.numberValue() : ka.asText());
        } catch (IllegalArgumentException e) {
            FakeOllama.send(ex, 400, NATIVE_JSON, "{\"error\":" + FakeOllama.JSON.writeValueAsString(e.getMessage()) + "}");
            return;
        }
        if (!o.knows(model)) {
            FakeOllama.send(ex, 404, NATIVE_JSON, "{\"error\":\"model '" + model + "' not found\"}");
            return;
        }
        if (!req.path("prompt").asText().isEmpty()) {
            OllamaNativeRoutes.generate(o, ex, body, false); // a real generation, not the gateway's keep_alive call
            return;
        }
        boolean unload = keepAlive.isPresent() && keepAlive.get().isZero() && req.path("prompt").asText().isEmpty();
        o.beforeNativeAnswer();
        Instant now = Instant.now();
        if (unload) {
            o.scheduler().unload(model); // expireRunner: never loads the model just to unload it
        } else {
            o.scheduler().start(model, keepAlive, now);
            o.scheduler().finish(model, Instant.now());
        }
        FakeOllama.send(ex, 200, NATIVE_JSON, "{\"model\":\"" + model + "\",\"created_at\":\"" + RFC3339.format(now)
                + "\",\"response\":\"\",\"done\":true,\"done_reason\":\"" + (unload ? "unload" : "load") + "\"}");
    }

    private static void tags(FakeOllama o, HttpExchange ex) throws IOException {
        StringBuilder models = new StringBuilder();
        for (String m : o.models()) {
            models.append(models.isEmpty() ? "" : ",").append("{\"name\":\"").append(m).append("\",\"model\":\"").append(m)
                    .append("\",\"modified_at\":\"2026-08-20T09:12:44.518212946Z\",\"size\":1321098329,\"digest\":"
                            + "\"baf6a787fdffd633537aa2eb51cfd54cb93ff08e28040095462bb63daf552878\",\"details\":{"
                            + "\"parent_model\":\"\",\"format\":\"gguf\",\"family\":\"llama\",\"families\":[\"llama\"],"
                            + "\"parameter_size\":\"1.2B\",\"quantization_level\":\"Q8_0\"},\"capabilities\":[\"completion\"]}");
        }
        FakeOllama.send(ex, 200, NATIVE_JSON, "{\"models\":[" + models + "]}");
    }

    private static void ps(FakeOllama o, HttpExchange ex) throws IOException {
        StringBuilder models = new StringBuilder();
        for (Map.Entry<String, Instant> e : o.loadedModels().entrySet()) {
            models.append(models.isEmpty() ? "" : ",").append("{\"name\":\"").append(e.getKey()).append("\",\"model\":\"")
                    .append(e.getKey()).append("\",\"size\":2019393189,\"expires_at\":\"")
                    .append(RFC3339.format(e.getValue())).append("\",\"size_vram\":2019393189,\"context_length\":4096}");
        }
        FakeOllama.send(ex, 200, NATIVE_JSON, "{\"models\":[" + models + "]}");
    }

    /** Streams SSE events (`data: X\n\n`), chunked and flushed one by one; a failed write is a client abort. */
    private static void stream(FakeOllama o, HttpExchange ex, List<String> events) throws IOException {
        streamRaw(o, ex, events.stream().map(e -> "data: " + e + "\n\n").toList());
    }

    /** Streams whole events as given (each already ends with its blank line). */
    private static void streamRaw(FakeOllama o, HttpExchange ex, List<String> events) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        try {
            for (int i = 0; i < events.size(); i++) {
                if (i == o.failInStreamAfter()) {
                    out.write(("data: {\"id\":\"chatcmpl-981\",\"object\":\"chat.completion.chunk\",\"created\":"
                            + CREATED + ",\"model\":\"\",\"system_fingerprint\":\"fp_ollama\",\"choices\":[{\"index\":0,"
                            + "\"delta\":{\"content\":\"\"},\"finish_reason\":null}]}\n\n").getBytes(StandardCharsets.UTF_8));
                    break;
                }
                if (i == o.breakAfterEvents()) {
                    // Dropping the connection without the final chunk is how a crashed runner looks on the wire.
                    throw new IllegalStateException("fake runner crashed");
                }
                pause(o.eventGap());
                byte[] bytes = events.get(i).getBytes(StandardCharsets.UTF_8);
                int split = o.splitUtf8() ? middleOfMultiByteChar(bytes) : -1;
                if (split > 0) {
                    out.write(bytes, 0, split);
                    out.flush();
                    pause(java.time.Duration.ofMillis(100));
                    out.write(bytes, split, bytes.length - split);
                } else {
                    out.write(bytes);
                }
                out.flush();
                if (i == 0) {
                    o.awaitContinue();
                }
            }
            out.close();
        } catch (IOException clientGone) {
            o.countAbort();
            throw clientGone;
        }
    }

    private static int middleOfMultiByteChar(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if ((bytes[i] & 0xE0) == 0xC0 || (bytes[i] & 0xF0) == 0xE0 || (bytes[i] & 0xF8) == 0xF0) {
                return i + 1; // after the lead byte, before its continuation bytes
            }
        }
        return -1;
    }

    private interface Answer {
        void run() throws IOException;
    }

    /** Runs an inference answer as Ollama's scheduler sees it: /v1 requests never carry keep_alive (§2.2). */
    private static void run(FakeOllama o, String model, Answer answer) throws IOException {
        o.scheduler().start(model, Optional.empty(), Instant.now());
        o.inFlightCounter().incrementAndGet();
        try {
            answer.run();
        } finally {
            o.inFlightCounter().decrementAndGet();
            o.scheduler().finish(model, Instant.now());
        }
    }

    private static void pause(java.time.Duration d) {
        if (d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String openAiError(String message, String type) throws IOException {
        return "{\"error\":{\"message\":" + FakeOllama.JSON.writeValueAsString(message) + ",\"type\":\"" + type
                + "\",\"param\":null,\"code\":null}}";
    }
}
