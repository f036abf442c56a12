package dev.aistack.translate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * OpenAI's finish_reason as Anthropic's stop_reason. vLLM also says which stop string matched (choice
 * {@code stop_reason}); then it is Anthropic's stop_sequence. Other servers do not say, so a stop there is end_turn.
 */
record AnthropicStopReason(String reason, String sequence) {
    static AnthropicStopReason of(String finishReason, JsonNode matchedStop) {
        if (finishReason == null) {
            return new AnthropicStopReason("end_turn", null);
        }
        return switch (finishReason) {
            case "length" -> new AnthropicStopReason("max_tokens", null);
            case "tool_calls", "function_call" -> new AnthropicStopReason("tool_use", null);
            case "content_filter" -> new AnthropicStopReason("refusal", null);
            default -> matchedStop != null && matchedStop.isTextual()
                    ? new AnthropicStopReason("stop_sequence", matchedStop.asText())
                    : new AnthropicStopReason("end_turn", null);
        };
    }
}
