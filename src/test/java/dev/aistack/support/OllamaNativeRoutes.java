package dev.aistack.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Ollama's native inference answers with the bytes of shared/OLLAMA_WIRE.md §3: /api/chat and /api/generate
 * (NDJSON by default, one object with "stream":false; a tool call as its own line), /api/embed, /api/embeddings,
 * /api/show. The request's keep_alive is honoured natively by the fake scheduler.
 */
final class OllamaNativeRoutes {
    static final String NATIVE_JSON = "application/json; charset=utf-8";
    private static final String CREATED_AT = "2026-08-22T10:00:00.123456789Z";
    private static final String METRICS = ",\"total_duration\":523000000,\"load_duration\":12000000,"
            + "\"prompt_eval_count\":26,\"prompt_eval_duration\":31000000,\"eval_count\":%d,\"eval_duration\":470000000";

    private OllamaNativeRoutes() {
    }

    /** /api/chat (chat = true) or /api/generate with a prompt. */
    static void generate(FakeOllama o, HttpExchange ex, byte[] body, boolean chat) throws IOException {
        Optional<JsonNode> parsed = FakeOllama.parse(body);
        if (parsed.isEmpty() || !parsed.get().isObject()) {
            FakeOllama.send(ex, 400, NATIVE_JSON, "{\"error\":\"invalid character 'b' looking for beginning of object "
                    + "key string\"}");
            return;
        }
        JsonNode req = parsed.get();
        String model = req.path("model").asText();
        if (!o.knows(model)) {
            FakeOllama.send(ex, 404, NATIVE_JSON, "{\"error\":\"model '" + model + "' not found\"}");
            return;
        }
        boolean tools = chat && req.path("tools").isArray() && !req.path("tools").isEmpty();
        List<String> tokens = o.tokens();
        String head = "{\"model\":\"" + model + "\",\"created_at\":\"" + CREATED_AT + "\",";
        String end = String.format(METRICS, tokens.size());
        JsonNode ka = req.get("keep_alive");
        o.scheduler().start(model, OllamaScheduler.parseKeepAlive(ka == null || ka.isNull() ? null
                : ka.isNumber() ? ka.numberValue() : ka.asText()), Instant.now());
        o.inFlightCounter().incrementAndGet();
        try {
            o.beforeAnswer();
            String toolCall = "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"id\":\"call_k3j9x0qa\","
                    + "\"function\":{\"index\":0,\"name\":\"get_weather\",\"arguments\":{\"city\":\"Paris\"}}}]}";
            if (!req.path("stream").asBoolean(true)) {
                String answer = FakeOllama.JSON.writeValueAsString(String.join("", tokens));
                String content = chat ? "\"message\":" + (tools ? toolCall : "{\"role\":\"assistant\",\"content\":"
                        + answer + "}") : "\"response\":" + answer;
                FakeOllama.send(ex, 200, NATIVE_JSON, head + content + ",\"done\":true,\"done_reason\":\"stop\"" + end
                        + "}");
                return;
            }
            List<String> lines = new ArrayList<>();
            if (tools) {
                lines.add(head + "\"message\":" + toolCall + ",\"done\":false}");
            } else {
                for (String t : tokens) {
                    String piece = FakeOllama.JSON.writeValueAsString(t);
                    lines.add(head + (chat ? "\"message\":{\"role\":\"assistant\",\"content\":" + piece + "}"
                            : "\"response\":" + piece) + ",\"done\":false}");
                }
            }
            lines.add(head + (chat ? "\"message\":{\"role\":\"assistant\",\"content\":\"\"}" : "\"response\":\"\"")
                    + ",\"done\":true,\"done_reason\":\"stop\"" + end + "}");
            ex.getResponseHeaders().set("Content-Type", "application/x-ndjson");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            for (int i = 0; i < lines.size(); i++) {
                if (i == o.breakAfterEvents()) {
                    throw new IllegalStateException("fake runner crashed"); // dropped without the done line
                }
                out.write((lines.get(i) + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (i == 0) {
                    o.awaitContinue();
                }
            }
            out.close();
        } finally {
            o.inFlightCounter().decrementAndGet();
            o.scheduler().finish(model, Instant.now());
        }
    }

    static void embed(FakeOllama o, HttpExchange ex, byte[] body, boolean older) throws IOException {
        JsonNode req = FakeOllama.parse(body).orElse(FakeOllama.JSON.createObjectNode());
        String model = req.path("model").asText();
        if (!o.knows(model)) {
            FakeOllama.send(ex, 404, NATIVE_JSON, "{\"error\":\"model \\\"" + model + "\\\" not found, try pulling it "
                    + "first\"}");
            return;
        }
        FakeOllama.send(ex, 200, NATIVE_JSON, older
                ? "{\"embedding\":[0.5670403838157654,0.009260174818336964,0.23178744316101074]}"
                : "{\"model\":\"" + model + "\",\"embeddings\":[[0.010071029,-0.0017594862,0.05007221]],"
                + "\"total_duration\":14143917,\"load_duration\":1019500,\"prompt_eval_count\":8}");
    }

    static void show(FakeOllama o, HttpExchange ex, byte[] body) throws IOException {
        JsonNode req = FakeOllama.parse(body).orElse(FakeOllama.JSON.createObjectNode());
        String model = req.path("model").asText(req.path("name").asText());
        if (!o.knows(model)) {
            FakeOllama.send(ex, 404, NATIVE_JSON, "{\"error\":\"model '" + model + ":latest' not found\"}");
            return;
        }
        FakeOllama.send(ex, 200, NATIVE_JSON, "{\"license\":\"LLAMA 3.2 COMMUNITY LICENSE AGREEMENT\",\"modelfile\":"
                + "\"# Modelfile generated by \\\"ollama show\\\"\\n\",\"parameters\":\"stop \\\"<|eot_id|>\\\"\","
                + "\"template\":\"<|start_header_id|>\",\"details\":{\"parent_model\":\"\",\"format\":\"gguf\","
                + "\"family\":\"llama\",\"families\":[\"llama\"],\"parameter_size\":\"1.2B\",\"quantization_level\":"
                + "\"Q8_0\"},\"model_info\":{\"general.architecture\":\"llama\",\"llama.context_length\":131072},\"capabilities\":[\"completion\","
                + "\"tools\"],\"modified_at\":\"2026-08-20T09:12:44.518212946Z\"}");
    }
}
