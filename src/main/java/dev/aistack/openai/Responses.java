package dev.aistack.openai;

import dev.aistack.generated.api.ResponsesService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** POST /v1/responses; its streams always end with response.completed, which carries usage. */
public final class Responses implements ResponsesService {
    private final Inference inference;

    public Responses(Inference inference) {
        this.inference = inference;
    }

    @Override
    public void createResponse(ServerRequest req, ServerResponse res) {
        inference.handle(req, res, Inference.StreamUsage.ALWAYS);
    }
}
