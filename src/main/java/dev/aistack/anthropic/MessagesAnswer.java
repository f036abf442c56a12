package dev.aistack.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aistack.errors.ErrorCode;
import dev.aistack.errors.ErrorDialect;
import dev.aistack.errors.GatewayException;
import dev.aistack.translate.OpenAiErrorToAnthropic;
import dev.aistack.translate.OpenAiToAnthropicMessage;
import dev.aistack.translate.OpenAiToAnthropicStream;
import dev.aistack.upstream.AnswerTranslator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A backend's OpenAI chat answer for an Anthropic client: the Message, the named event stream, errors. */
final class MessagesAnswer implements AnswerTranslator {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String JSON_TYPE = "application/json";

    private final String id;
    private final String model;
    private final OpenAiToAnthropicStream stream;

    MessagesAnswer(String id, String model) {
        this.id = id;
        this.model = model;
        this.stream = new OpenAiToAnthropicStream(id, model);
    }

    @Override
    public Whole whole(int status, byte[] body) {
        if (status >= 400) {
            return new Whole(status, JSON_TYPE, OpenAiErrorToAnthropic.body(status, body));
        }
        JsonNode completion = completion(body);
        if (completion == null) {
            return unreadable();
        }
        return new Whole(status, JSON_TYPE, OpenAiToAnthropicMessage.message(completion, id, model).toString()
                .getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String streamMediaType() {
        return "text/event-stream";
    }

    @Override
    public List<byte[]> event(byte[] event) {
        return stream.event(event);
    }

    @Override
    public List<byte[]> end(boolean complete) {
        return stream.end(complete);
    }

    @Override
    public byte[] error(GatewayException e) {
        return stream.error(e);
    }

    @Override
    public byte[] idleEvent() {
        return OpenAiToAnthropicStream.PING;
    }

    /** The backend's chat.completion, or null when the body is not one. */
    static JsonNode completion(byte[] body) {
        try {
            JsonNode tree = JSON.readTree(body);
            return tree != null && tree.isObject() && tree.has("choices") ? tree : null;
        } catch (IOException e) {
            return null;
        }
    }

    static Whole unreadable() {
        return new Whole(502, JSON_TYPE, ErrorDialect.ANTHROPIC.bytes(ErrorCode.UPSTREAM_BAD_RESPONSE,
                "The backend answered 200 with a body that is not a chat completion.", null));
    }
}
