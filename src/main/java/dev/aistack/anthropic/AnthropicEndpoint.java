package dev.aistack.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aistack.errors.ErrorCode;
import dev.aistack.errors.GatewayException;
import dev.aistack.inference.Endpoint;
import dev.aistack.inference.RequestFields;
import dev.aistack.openai.UsageTap;
import dev.aistack.translate.AnthropicIds;
import dev.aistack.translate.AnthropicToOpenAiRequest;
import dev.aistack.upstream.Backend;
import dev.aistack.usage.Usage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The Anthropic routes as the shared inference path sees them: the body is translated to an OpenAI chat
 * completion for /v1/chat/completions, which Ollama and OpenAI-compatible nodes both serve, and the answer back.
 * Usage is read from the backend's OpenAI answer (UsageTap), so quotas and task status count tokens as on /v1.
 */
enum AnthropicEndpoint implements Endpoint {
    MESSAGES, COUNT_TOKENS;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHAT_PATH = "/v1/chat/completions";
    private static final byte[] DONE = "data: [DONE]".getBytes(StandardCharsets.US_ASCII);

    @Override
    public Prepared prepare(byte[] body, RequestFields fields, Backend backend) {
        JsonNode request = tree(body);
        String model = request.path("model").asText("");
        if (this == COUNT_TOKENS) {
            return new Prepared(bytes(AnthropicToOpenAiRequest.countTokens(request)), false, CHAT_PATH,
                    new TokenCountAnswer());
        }
        // The translation asks for stream usage itself; the answer is rewritten anyway, so nothing is hidden.
        return new Prepared(bytes(AnthropicToOpenAiRequest.messages(request)), false, CHAT_PATH,
                new MessagesAnswer(AnthropicIds.message(), model));
    }

    @Override
    public UsageCounter usageCounter(boolean stripAddedUsage, Consumer<Usage> progress) {
        return new UsageTap(false, progress);
    }

    @Override
    public Predicate<byte[]> streamEnd() {
        return AnthropicEndpoint::isDone;
    }

    private static boolean isDone(byte[] event) {
        if (event.length < DONE.length) {
            return false;
        }
        for (int i = 0; i < DONE.length; i++) {
            if (event[i] != DONE[i]) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode tree(byte[] body) {
        try {
            return JSON.readTree(body); // RequestFields proved it one well-formed object
        } catch (IOException e) {
            throw new GatewayException(ErrorCode.INVALID_JSON, "The request body is not valid JSON.");
        }
    }

    private static byte[] bytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }
}
