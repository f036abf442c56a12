package dev.aistack.openai;

import dev.aistack.generated.api.ChatService;
import dev.aistack.generated.api.CompletionsService;
import dev.aistack.generated.api.EmbeddingsService;
import dev.aistack.generated.api.ResponsesService;
import dev.aistack.inference.InferencePath;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The OpenAI inference routes (the spec's Chat, Completions, Responses and Embeddings tags): each is one call into
 * the shared inference path. Mounted at /v1.
 */
public final class OpenAiInference implements ChatService, CompletionsService, ResponsesService, EmbeddingsService {
    private final InferencePath path;

    public OpenAiInference(InferencePath path) {
        this.path = path;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/chat/completions", this::createChatCompletion)
                .post("/completions", this::createCompletion)
                .post("/responses", this::createResponse)
                .post("/embeddings", this::createEmbedding);
    }

    @Override
    public void createChatCompletion(ServerRequest req, ServerResponse res) {
        path.handle(req, res, OpenAiEndpoint.CHAT);
    }

    @Override
    public void createCompletion(ServerRequest req, ServerResponse res) {
        path.handle(req, res, OpenAiEndpoint.COMPLETIONS);
    }

    @Override
    public void createResponse(ServerRequest req, ServerResponse res) {
        path.handle(req, res, OpenAiEndpoint.RESPONSES);
    }

    @Override
    public void createEmbedding(ServerRequest req, ServerResponse res) {
        path.handle(req, res, OpenAiEndpoint.EMBEDDINGS);
    }
}
