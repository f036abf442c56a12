package dev.aistack.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aistack.errors.GatewayException;
import dev.aistack.translate.OpenAiErrorToAnthropic;
import dev.aistack.upstream.AnswerTranslator;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** The backend's one-token completion read for its prompt_tokens: {@code {"input_tokens": n}}. Never streamed. */
final class TokenCountAnswer implements AnswerTranslator {
    @Override
    public Whole whole(int status, byte[] body) {
        if (status >= 400) {
            return new Whole(status, MessagesAnswer.JSON_TYPE, OpenAiErrorToAnthropic.body(status, body));
        }
        JsonNode completion = MessagesAnswer.completion(body);
        if (completion == null || !completion.path("usage").path("prompt_tokens").canConvertToLong()) {
            return MessagesAnswer.unreadable();
        }
        long tokens = completion.path("usage").path("prompt_tokens").asLong();
        return new Whole(status, MessagesAnswer.JSON_TYPE,
                ("{\"input_tokens\":" + tokens + "}").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String streamMediaType() {
        return MessagesAnswer.JSON_TYPE;
    }

    // The request is sent without "stream", so no backend event ever arrives here.
    @Override
    public List<byte[]> event(byte[] event) {
        return List.of();
    }

    @Override
    public List<byte[]> end(boolean complete) {
        return List.of();
    }

    @Override
    public byte[] error(GatewayException e) {
        return new byte[0];
    }
}
