package dev.aistack.access;

import dev.aistack.errors.ErrorCode;
import dev.aistack.errors.GatewayException;
import dev.aistack.generated.api.TasksService;
import dev.aistack.tasks.TaskIds;
import dev.aistack.tasks.TaskStatus;
import dev.aistack.tasks.TaskTracker;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Task status when keys are required: a key sees only the tasks it started. Another key's task id answers 404, as
 * an unknown one does, so ids cannot be probed. In open mode every call goes to the plain task status service.
 */
final class OwnTasks implements TasksService {
    private final TasksService all;
    private final TaskTracker tracker;
    private final TaskOwners owners;
    private final Gate gate;

    OwnTasks(TasksService all, TaskTracker tracker, TaskOwners owners, Gate gate) {
        this.all = all;
        this.tracker = tracker;
        this.owners = owners;
        this.gate = gate;
    }

    @Override
    public void getTaskStatus(ServerRequest req, ServerResponse res) {
        Optional<Caller> caller = gate.identify(req);
        String id = req.path().pathParameters().get("task_id");
        if (caller.isPresent() && (!TaskIds.valid(id) || !owners.owns(caller.get().id(), id))) {
            throw new GatewayException(ErrorCode.TASK_NOT_FOUND, "No task " + (TaskIds.valid(id) ? id : "with that id")
                    + " (unknown, or its status expired).", "task_id");
        }
        all.getTaskStatus(req, res);
    }

    @Override
    public void listTaskStatus(ServerRequest req, ServerResponse res) {
        Optional<Caller> caller = gate.identify(req);
        if (caller.isEmpty()) {
            all.listTaskStatus(req, res);
            return;
        }
        int limit = TaskStatus.listLimit(req);
        List<String> records = new ArrayList<>();
        for (String id : owners.newest(caller.get().id(), limit)) {
            tracker.find(id).ifPresent(records::add);
        }
        TaskStatus.sendList(res, records);
    }
}
