package dev.aistack.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aistack.errors.ErrorCode;
import dev.aistack.errors.GatewayException;
import dev.aistack.inference.Endpoint;
import dev.aistack.inference.RequestFields;
import dev.aistack.scheduling.KeepAlivePolicy;
import dev.aistack.translate.OllamaChatToOpenAiChat;
import dev.aistack.translate.OllamaEmbedToOpenAiEmbeddings;
import dev.aistack.translate.OllamaGenerateToOpenAiCompletion;
import dev.aistack.translate.OpenAiChatToOllamaChat;
import dev.aistack.translate.OpenAiToOllamaAnswer;
import dev.aistack.upstream.Backend;
import dev.aistack.upstream.JsonBytes;
import dev.aistack.usage.Usage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Ollama's native inference routes as the shared path needs to know them. Over an Ollama node a native body goes
 * byte for byte (only the default keep_alive appended when absent, so Ollama applies it itself and no separate
 * keep_alive call is needed); an OpenAI body on /api/chat is translated to the native one. Over an OpenAI-kind
 * node the request is translated to /v1 and the answer back into Ollama's shape.
 */
final class OllamaEndpoint implements Endpoint {
    /** The native routes, each with its OpenAI counterpart on an OpenAI-kind node. */
    enum Route {
        CHAT("/v1/chat/completions", OpenAiToOllamaAnswer.Kind.CHAT),
        GENERATE("/v1/completions", OpenAiToOllamaAnswer.Kind.GENERATE),
        EMBED("/v1/embeddings", OpenAiToOllamaAnswer.Kind.EMBED),
        EMBEDDINGS("/v1/embeddings", OpenAiToOllamaAnswer.Kind.EMBEDDINGS);

        final String openAiPath;
        final OpenAiToOllamaAnswer.Kind answer;

        Route(String openAiPath, OpenAiToOllamaAnswer.Kind answer) {
            this.openAiPath = openAiPath;
            this.answer = answer;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] DONE_TRUE = "\"done\":true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SSE_DONE = "data: [DONE]".getBytes(StandardCharsets.US_ASCII);

    private final Route route;
    private final String defaultKeepAlive; // as JSON

    OllamaEndpoint(Route route, KeepAlivePolicy keepAlive) {
        this.route = route;
        this.defaultKeepAlive = keepAlive.resolve(null).toString();
    }

    /** Ollama's native stream defaults to true; an OpenAI body on /api/chat keeps OpenAI's default, false. */
    @Override
    public RequestFields fields(byte[] body) {
        RequestFields fields = RequestFields.read(body, true);
        if (route == Route.CHAT && OpenAiChatToOllamaChat.isOpenAiBody(body)) {
            return RequestFields.read(body, false);
        }
        return fields;
    }

    @Override
    public Prepared prepare(byte[] body, RequestFields fields, Backend backend) {
        boolean openAiBody = route == Route.CHAT && OpenAiChatToOllamaChat.isOpenAiBody(body);
        if (backend.kind().protocol() == Backend.Protocol.OLLAMA) {
            if (openAiBody) {
                ObjectNode nativeBody = OpenAiChatToOllamaChat.translate(tree(body), fields.stream());
                if (!nativeBody.hasNonNull("keep_alive")) {
                    nativeBody.set("keep_alive", tree(defaultKeepAlive.getBytes(StandardCharsets.UTF_8)));
                }
                return new Prepared(bytes(nativeBody), false, "/api/chat", null, true);
            }
            return new Prepared(withKeepAlive(body, fields), false, null, null, true);
        }
        JsonNode in = tree(body);
        ObjectNode out = switch (route) {
            case CHAT -> OllamaChatToOpenAiChat.translate(openAiBody
                    ? OpenAiChatToOllamaChat.translate(in, fields.stream()) : in, fields.stream());
            case GENERATE -> OllamaGenerateToOpenAiCompletion.translate(in, fields.stream());
            case EMBED -> OllamaEmbedToOpenAiEmbeddings.embed(in);
            case EMBEDDINGS -> OllamaEmbedToOpenAiEmbeddings.embeddings(in);
        };
        return new Prepared(bytes(out), false, route.openAiPath,
                OpenAiToOllamaAnswer.forRequest(route.answer, in.path("model").asText("")));
    }

    /** The body as received, plus the gateway's default keep_alive when it has none (Go: the last key wins). */
    private byte[] withKeepAlive(byte[] body, RequestFields fields) {
        if (fields.keepAlive() != null && !fields.keepAlive().isNull()) {
            return body;
        }
        try {
            return JsonBytes.appendField(body, "keep_alive", defaultKeepAlive);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // unreachable: the body was read as an object already
        }
    }

    @Override
    public UsageCounter usageCounter(boolean stripAddedUsage, Consumer<Usage> progress) {
        return new OllamaUsage(progress);
    }

    /** Ollama's stream ends with its "done":true line; an OpenAI-kind node's with data: [DONE]. */
    @Override
    public Predicate<byte[]> streamEnd() {
        return event -> indexOf(event, DONE_TRUE) >= 0 || indexOf(event, SSE_DONE) == 0;
    }

    private static int indexOf(byte[] b, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= b.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (b[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static JsonNode tree(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new GatewayException(ErrorCode.INVALID_JSON, "The request body is not valid JSON.");
        }
    }

    private static byte[] bytes(JsonNode n) {
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }
}
