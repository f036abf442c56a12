package dev.aistack.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * Ollama's runner options and the OpenAI request fields that mean the same, one table for both directions.
 * Options with no OpenAI field (num_ctx, mirostat, ...) stay Ollama-only; vLLM's extra sampling fields (top_k,
 * min_p, repetition_penalty) are used where Ollama has them.
 */
final class OllamaOptions {
    /** OpenAI (or vLLM) request field -> Ollama option. */
    static final Map<String, String> OPENAI_TO_OLLAMA = Map.of(
            "temperature", "temperature",
            "top_p", "top_p",
            "stop", "stop",
            "seed", "seed",
            "presence_penalty", "presence_penalty",
            "frequency_penalty", "frequency_penalty");

    /** Ollama option -> OpenAI-compatible field, for requests sent to an OpenAI-kind node. */
    static final Map<String, String> OLLAMA_TO_OPENAI = Map.of(
            "temperature", "temperature",
            "top_p", "top_p",
            "stop", "stop",
            "seed", "seed",
            "presence_penalty", "presence_penalty",
            "frequency_penalty", "frequency_penalty",
            "top_k", "top_k",
            "min_p", "min_p",
            "repeat_penalty", "repetition_penalty");

    private OllamaOptions() {
    }

    /** Writes a native request's options as OpenAI fields; num_predict becomes max_tokens (negative: no limit). */
    static void toOpenAi(JsonNode options, ObjectNode out) {
        if (options == null || !options.isObject()) {
            return;
        }
        OLLAMA_TO_OPENAI.forEach((ollama, openai) -> {
            JsonNode v = options.get(ollama);
            if (v != null && !v.isNull()) {
                out.set(openai, v);
            }
        });
        JsonNode predict = options.get("num_predict");
        if (predict != null && predict.canConvertToLong() && predict.asLong() > 0) {
            out.set("max_tokens", predict);
        }
    }

    /** Ollama's format ("json" or a schema) as OpenAI's response_format. */
    static void formatToOpenAi(JsonNode format, ObjectNode out) {
        if (format == null || format.isNull()) {
            return;
        }
        if (format.isTextual() && format.asText().equals("json")) {
            out.putObject("response_format").put("type", "json_object");
        } else if (format.isObject()) {
            ObjectNode rf = out.putObject("response_format");
            rf.put("type", "json_schema");
            ObjectNode js = rf.putObject("json_schema");
            js.put("name", "response");
            js.set("schema", format);
        }
    }
}
