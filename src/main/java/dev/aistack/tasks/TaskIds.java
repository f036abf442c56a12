package dev.aistack.tasks;

import dev.aistack.errors.ErrorCode;
import dev.aistack.errors.GatewayException;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;

import java.util.UUID;
import java.util.regex.Pattern;

/** X-Task-Id: the client's id when well-formed (400 otherwise, since the client will poll by it), else a UUID. */
public final class TaskIds {
    public static final HeaderName HEADER = HeaderNames.create("X-Task-Id");
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private TaskIds() {
    }

    public static String acceptOrGenerate(String fromClient) {
        if (fromClient == null) {
            return UUID.randomUUID().toString();
        }
        if (!VALID.matcher(fromClient).matches()) {
            throw new GatewayException(ErrorCode.INVALID_TASK_ID, "X-Task-Id must be 1 to 128 characters of "
                    + "A-Z a-z 0-9 . _ : - (got " + Math.min(fromClient.length(), 200) + " characters).", "X-Task-Id");
        }
        return fromClient;
    }

    public static boolean valid(String id) {
        return VALID.matcher(id).matches();
    }
}
