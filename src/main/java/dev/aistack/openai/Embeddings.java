package dev.aistack.openai;

import dev.aistack.generated.api.EmbeddingsService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** POST /v1/embeddings (never streamed; usage is in the body). */
public final class Embeddings implements EmbeddingsService {
    private final Inference inference;

    public Embeddings(Inference inference) {
        this.inference = inference;
    }

    @Override
    public void createEmbedding(ServerRequest req, ServerResponse res) {
        inference.handle(req, res, Inference.StreamUsage.ALWAYS);
    }
}
