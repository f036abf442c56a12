package dev.aistack.inference;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aistack.access.Admission;
import dev.aistack.access.Gate;
import dev.aistack.errors.ErrorCode;
import dev.aistack.errors.GatewayException;
import dev.aistack.http.ClientDisconnected;
import dev.aistack.http.RawBody;
import dev.aistack.http.RequestInfo;
import dev.aistack.routing.Router;
import dev.aistack.scheduling.KeepAlivePolicy;
import dev.aistack.tasks.Task;
import dev.aistack.tasks.TaskIds;
import dev.aistack.tasks.TaskTracker;
import dev.aistack.upstream.Backend;
import dev.aistack.usage.Usage;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The path every inference request takes, whatever its ingress protocol: body, fields, keep_alive, backend choice,
 * then the forwarded call under its task. Ingress handlers are one call to {@link #handle}.
 */
public final class InferencePath {
    private static final Logger PROMPTS = Logger.getLogger("aistack.prompts");

    /** The settings the path needs. */
    public record Limits(long maxBodyBytes, boolean logPrompts) {
    }

    private final Router router;
    private final Forwarder forwarder;
    private final KeepAlivePolicy keepAlive;
    private final TaskTracker tasks;
    private final Gate gate;
    private final Limits limits;

    public InferencePath(Router router, Forwarder forwarder, KeepAlivePolicy keepAlive, TaskTracker tasks, Gate gate,
                         Limits limits) {
        this.gate = gate;
        this.router = router;
        this.forwarder = forwarder;
        this.keepAlive = keepAlive;
        this.tasks = tasks;
        this.limits = limits;
    }

    public void handle(ServerRequest req, ServerResponse res, Endpoint endpoint) {
        RequestInfo info = RequestInfo.of(req);
        String taskId = TaskIds.acceptOrGenerate(req.headers().first(TaskIds.HEADER).orElse(null));
        info.taskId(taskId);
        res.header(TaskIds.HEADER, taskId);

        byte[] received = RawBody.readJson(req, limits.maxBodyBytes());
        RequestFields fields = endpoint.fields(received);
        JsonNode keepAliveValue = keepAlive.resolve(fields.keepAlive());
        // The policy hook: keys, limits, quotas, model binding, shaping. A refusal never reaches a backend or a slot.
        Admission admission = gate.admit(req, res, received, fields.model());
        String model = admission.model();
        info.model(model);
        if (limits.logPrompts()) { // off by default: prompts are the users' data
            PROMPTS.log(Level.INFO, "prompt", new Object[]{Map.of("body",
                    new String(admission.body(), StandardCharsets.UTF_8))});
        }
        Backend backend = router.choose(model);
        Endpoint.Prepared prepared = endpoint.prepare(admission.body(), fields, backend);

        Task task = tasks.begin(taskId, req.headers().contains(TaskIds.HEADER), req.prologue().method().text(),
                req.prologue().uriPath().rawPath(), fields.stream(), model);
        // A translated answer is rewritten anyway: only a verbatim relay must hide the usage the gateway asked for.
        Endpoint.UsageCounter usage = endpoint.usageCounter(prepared.addedUsageRequest() && prepared.answer() == null,
                task::tokens);
        Forwarder.Result result;
        try {
            result = forwarder.forward(req, res, backend, new Forwarder.Call(prepared.body(), prepared.path(), model,
                    prepared.carriesKeepAlive() ? null : keepAliveValue, usage, fields.stream() ? endpoint.streamEnd() : null, prepared.answer(), true), task);
        } catch (ClientDisconnected e) {
            task.failed("client_disconnected", "client disconnected", usage.usage());
            throw e;
        } catch (GatewayException e) {
            task.failed(e.code() == ErrorCode.GPU_BUSY ? "rejected" : "forwarding", e.code().code(), Usage.NONE);
            throw e;
        } catch (RuntimeException e) {
            task.failed("forwarding", ErrorCode.INTERNAL_ERROR.code(), Usage.NONE);
            throw e;
        } finally {
            admission.charge(usage.usage()); // whatever the ending: a stream cut short is charged what was relayed
        }
        switch (result.ending()) {
            case COMPLETED -> {
                if (result.status() < 400) {
                    task.succeeded(result.usage());
                } else {
                    task.failed("completed", "upstream status " + result.status(), result.usage());
                }
            }
            case INCOMPLETE -> task.failed("streaming", "stream ended without its end marker", result.usage());
            case CLIENT_DISCONNECTED -> task.failed("client_disconnected", "client disconnected", result.usage());
            case CLIENT_STALLED -> task.failed("client_disconnected", "client stalled", result.usage());
            case UPSTREAM_BROKEN -> task.failed("streaming", ErrorCode.UPSTREAM_STREAM_BROKEN.code(), result.usage());
        }
    }
}
