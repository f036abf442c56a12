package dev.aistack.inference;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aistack.access.Admission;
import dev.aistack.access.Gate;
import dev.aistack.errors.ErrorCode;
import dev.aistack.errors.GatewayException;
import dev.aistack.http.ClientDisconnected;
import dev.aistack.http.RawBody;
import dev.aistack.http.RequestInfo;
import dev.aistack.observe.GatewayMetrics;
import dev.aistack.routing.Node;
import dev.aistack.routing.Router;
import dev.aistack.scheduling.KeepAlivePolicy;
import dev.aistack.tasks.Task;
import dev.aistack.tasks.TaskIds;
import dev.aistack.tasks.TaskTracker;
import dev.aistack.usage.Usage;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.nio.charset.StandardCharsets;
import java.util.List;
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
    public record Limits(long maxBodyBytes, boolean logPrompts, int maxAttempts) {
    }

    private final Router router;
    private final Failover failover;
    private final KeepAlivePolicy keepAlive;
    private final TaskTracker tasks;
    private final Gate gate;
    private final Limits limits;

    public InferencePath(Router router, Forwarder forwarder, GatewayMetrics metrics, KeepAlivePolicy keepAlive,
                         TaskTracker tasks, Gate gate, Limits limits) {
        this.gate = gate;
        this.router = router;
        this.failover = new Failover(forwarder, metrics, limits.maxAttempts());
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
        List<Node> candidates = router.candidates(model, admission.cluster());

        Task task = tasks.begin(taskId, req.headers().contains(TaskIds.HEADER), req.prologue().method().text(),
                req.prologue().uriPath().rawPath(), fields.stream(), model);
        Endpoint.UsageCounter[] usage = {Endpoint.UsageCounter.none()}; // the current attempt's
        Forwarder.Result result;
        try {
            result = failover.run(req, res, candidates, model, admission.body(), (node, body) -> {
                Endpoint.Prepared prepared = endpoint.prepare(body, fields, node.backend());
                // A translated answer is rewritten anyway: only a verbatim relay must hide the usage asked for.
                usage[0] = endpoint.usageCounter(prepared.addedUsageRequest() && prepared.answer() == null,
                        task::tokens);
                // A native body that carries keep_alive sets the session itself: no separate call then.
                return new Forwarder.Call(prepared.body(), prepared.path(), node.nodeModel(model),
                        prepared.carriesKeepAlive() ? null : keepAliveValue, usage[0],
                        fields.stream() ? endpoint.streamEnd() : null, prepared.answer(), true);
            }, task).result();
        } catch (ClientDisconnected e) {
            task.failed("client_disconnected", dev.aistack.http.ClientLink.current().stalled() ? "client stalled"
                    : "client disconnected", usage[0].usage());
            throw e;
        } catch (GatewayException e) {
            task.failed(e.code() == ErrorCode.GPU_BUSY ? "rejected" : "forwarding", e.code().code(), Usage.NONE);
            throw e;
        } catch (RuntimeException e) {
            task.failed("forwarding", ErrorCode.INTERNAL_ERROR.code(), Usage.NONE);
            throw e;
        } finally {
            admission.charge(usage[0].usage()); // whatever the ending: a stream cut short is charged what was relayed
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
