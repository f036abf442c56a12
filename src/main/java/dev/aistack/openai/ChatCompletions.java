package dev.aistack.openai;

import dev.aistack.generated.api.ChatService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** POST /v1/chat/completions (route table: the generated ChatService). */
public final class ChatCompletions implements ChatService {
    private final Inference inference;

    public ChatCompletions(Inference inference) {
        this.inference = inference;
    }

    @Override
    public void createChatCompletion(ServerRequest req, ServerResponse res) {
        inference.handle(req, res, Inference.StreamUsage.ON_REQUEST);
    }
}
