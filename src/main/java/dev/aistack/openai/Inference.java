package dev.aistack.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aistack.access.Admission;
import dev.aistack.access.Gate;
import dev.aistack.errors.ErrorCode;
import dev.aistack.errors.GatewayException;
import dev.aistack.http.JsonBody;
import dev.aistack.http.RequestInfo;
import dev.aistack.scheduling.KeepAlivePolicy;
import dev.aistack.tasks.Task;
import dev.aistack.tasks.TaskIds;
import dev.aistack.tasks.TaskTracker;
import dev.aistack.usage.Usage;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One inference request, whatever its /v1 route: task id, validation, keep_alive, usage request, task status
 * around the byte-for-byte passthrough. Each route handler is a single call to this.
 */
public final class Inference {
    /** Whether the route's streams report usage only on request (chat, completions) or always (responses). */
    public enum StreamUsage { ON_REQUEST, ALWAYS }

    private static final Logger PROMPTS = Logger.getLogger("aistack.prompts");

    private final Passthrough passthrough;
    private final KeepAlivePolicy keepAlive;
    private final TaskTracker tasks;
    private final long maxBodyBytes;
    private final boolean logPrompts;
    private final Gate gate;

    public Inference(Passthrough passthrough, KeepAlivePolicy keepAlive, TaskTracker tasks, long maxBodyBytes,
                     boolean logPrompts, Gate gate) {
        this.gate = gate;
        this.passthrough = passthrough;
        this.keepAlive = keepAlive;
        this.tasks = tasks;
        this.maxBodyBytes = maxBodyBytes;
        this.logPrompts = logPrompts;
    }

    public void handle(ServerRequest req, ServerResponse res, StreamUsage streamUsage) {
        RequestInfo info = RequestInfo.of(req);
        String taskId = TaskIds.acceptOrGenerate(req.headers().first(TaskIds.HEADER).orElse(null));
        info.taskId(taskId);
        res.header(TaskIds.HEADER, taskId);

        // The policy hook: key, limits, quota, model binding, shaping; the body to forward from here on.
        Admission admission = gate.admit(req, res, JsonBody.read(req, maxBodyBytes));
        JsonBody body = admission.body();
        String model = body.optionalString("model");
        info.model(model);
        JsonNode keepAliveValue = keepAlive.resolve(body.tree());
        if (logPrompts) { // off by default: prompts are the users' data
            PROMPTS.log(Level.INFO, "prompt", new Object[]{Map.of("body",
                    new String(body.bytes(), StandardCharsets.UTF_8))});
        }
        UsageRequest.Prepared forwarded = streamUsage == StreamUsage.ON_REQUEST
                ? UsageRequest.prepare(body) : new UsageRequest.Prepared(body.bytes(), false);
        boolean stream = body.tree().path("stream").asBoolean(false);

        Task task = tasks.begin(taskId, req.prologue().method().text(), req.prologue().uriPath().rawPath(), stream,
                model);
        Passthrough.Result result;
        try {
            result = passthrough.forward(req, res, new Passthrough.Call(forwarded.body(), model, keepAliveValue,
                    forwarded.added(), true), task);
        } catch (GatewayException e) {
            task.failed(e.code() == ErrorCode.GPU_BUSY ? "rejected" : "forwarding", e.code().code(), Usage.NONE);
            throw e;
        } catch (RuntimeException e) {
            task.failed("forwarding", ErrorCode.INTERNAL_ERROR.code(), Usage.NONE);
            throw e;
        }
        admission.charge(result.usage());
        switch (result.ending()) {
            case COMPLETED -> {
                if (result.status() < 400) {
                    task.succeeded(result.usage());
                } else {
                    task.failed("completed", "upstream status " + result.status(), result.usage());
                }
            }
            case CLIENT_DISCONNECTED -> task.failed("client_disconnected", "client_disconnected", result.usage());
            case UPSTREAM_BROKEN -> task.failed("streaming", ErrorCode.UPSTREAM_STREAM_BROKEN.code(), result.usage());
        }
    }
}
