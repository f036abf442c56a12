package dev.aistack.openai;

import dev.aistack.generated.api.CompletionsService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** POST /v1/completions (route table: the generated CompletionsService). */
public final class Completions implements CompletionsService {
    private final Inference inference;

    public Completions(Inference inference) {
        this.inference = inference;
    }

    @Override
    public void createCompletion(ServerRequest req, ServerResponse res) {
        inference.handle(req, res, Inference.StreamUsage.ON_REQUEST);
    }
}
