package dev.aistack.anthropic;

import dev.aistack.generated.api.AnthropicService;
import dev.aistack.inference.InferencePath;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Anthropic's Messages API (the spec's Anthropic tag): each route is one call into the shared inference path with
 * its translating endpoint. Mounted at /v1, before the /v1 passthrough.
 */
public final class AnthropicMessages implements AnthropicService {
    private final InferencePath path;

    public AnthropicMessages(InferencePath path) {
        this.path = path;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/messages", this::createMessage)
                .post("/messages/count_tokens", this::countMessageTokens);
    }

    @Override
    public void createMessage(ServerRequest req, ServerResponse res) {
        path.handle(req, res, AnthropicEndpoint.MESSAGES);
    }

    @Override
    public void countMessageTokens(ServerRequest req, ServerResponse res) {
        path.handle(req, res, AnthropicEndpoint.COUNT_TOKENS);
    }
}
