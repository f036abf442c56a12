package dev.aistack.openai;

import dev.aistack.generated.api.ChatService;
import dev.aistack.http.JsonBody;
import dev.aistack.http.RequestInfo;
import dev.aistack.scheduling.KeepAlivePolicy;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/** POST /v1/chat/completions: validated, then forwarded to Ollama's /v1 byte for byte (route table: ChatService). */
public final class ChatCompletions implements ChatService {
    private static final Logger PROMPTS = Logger.getLogger("aistack.prompts");

    private final Passthrough passthrough;
    private final KeepAlivePolicy keepAlive;
    private final long maxBodyBytes;
    private final boolean logPrompts;

    public ChatCompletions(Passthrough passthrough, KeepAlivePolicy keepAlive, long maxBodyBytes, boolean logPrompts) {
        this.passthrough = passthrough;
        this.keepAlive = keepAlive;
        this.maxBodyBytes = maxBodyBytes;
        this.logPrompts = logPrompts;
    }

    @Override
    public void createChatCompletion(ServerRequest req, ServerResponse res) {
        JsonBody body = JsonBody.read(req, maxBodyBytes);
        String model = body.optionalString("model");
        RequestInfo.of(req).model(model);
        var keepAliveValue = keepAlive.resolve(body.tree());
        if (logPrompts) { // off by default: prompts are the users' data
            PROMPTS.log(Level.INFO, "prompt", new Object[]{Map.of("body",
                    new String(body.bytes(), StandardCharsets.UTF_8))});
        }
        UsageRequest.Prepared forwarded = UsageRequest.prepare(body);
        passthrough.forward(req, res, new Passthrough.Call(forwarded.body(), model, keepAliveValue, forwarded.added(),
                true), Passthrough.Progress.NONE);
    }
}
