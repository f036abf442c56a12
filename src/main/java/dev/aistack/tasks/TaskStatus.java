package dev.aistack.tasks;

import dev.aistack.errors.ErrorCode;
import dev.aistack.errors.GatewayException;
import dev.aistack.generated.api.TasksService;
import dev.aistack.store.StateStoreException;
import io.helidon.http.HttpMediaTypes;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.List;

/** GET /tasks/status/{task_id} and GET /tasks/status?limit=N (route table: the generated TasksService). */
public final class TaskStatus implements TasksService {
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 500;

    private final TaskTracker tracker;

    public TaskStatus(TaskTracker tracker) {
        this.tracker = tracker;
    }

    @Override
    public void getTaskStatus(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("task_id");
        if (!TaskIds.valid(id)) {
            throw notFound(id);
        }
        String record = read(() -> tracker.find(id)).orElseThrow(() -> notFound(id));
        res.headers().contentType(HttpMediaTypes.JSON_UTF_8);
        res.send(record);
    }

    @Override
    public void listTaskStatus(ServerRequest req, ServerResponse res) {
        int limit = listLimit(req);
        sendList(res, read(() -> tracker.newest(limit)));
    }

    /** The list's {@code limit} query parameter: 1 to 500, 50 when absent; anything else is 400. */
    public static int listLimit(ServerRequest req) {
        String value = req.query().first("limit").orElse(null);
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new GatewayException(ErrorCode.INVALID_REQUEST, "limit must be a whole number from 1 to " + MAX_LIMIT
                + ".", "limit");
    }

    /** A list of task records (JSON texts, newest first), as the spec's TaskStatusList. */
    public static void sendList(ServerResponse res, List<String> records) {
        res.headers().contentType(HttpMediaTypes.JSON_UTF_8);
        res.send("{\"object\":\"list\",\"data\":[" + String.join(",", records) + "]}");
    }

    private static <T> T read(java.util.function.Supplier<T> query) {
        try {
            return query.get();
        } catch (StateStoreException e) {
            throw new GatewayException(ErrorCode.STATE_STORE_UNAVAILABLE, "Task status is unavailable: the state "
                    + "store does not answer. Requests are still served; retry shortly.", null, e);
        }
    }

    private static GatewayException notFound(String id) {
        return new GatewayException(ErrorCode.TASK_NOT_FOUND, "No task " + (id.length() > 128 ? "with that id" : id)
                + " (unknown, or its status expired).", "task_id");
    }
}
