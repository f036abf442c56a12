package dev.aistack.errors;

/**
 * An error the gateway originates. It can only carry a catalog code; {@code ErrorResponses} turns it into
 * the envelope {@code {"error":{"message","type","param","code","kind","provider":"aistack"}}}.
 */
public final class GatewayException extends RuntimeException {
    private final ErrorCode code;
    private final String param;

    public GatewayException(ErrorCode code, String message) {
        this(code, message, null, null);
    }

    public GatewayException(ErrorCode code, String message, String param) {
        this(code, message, param, null);
    }

    public GatewayException(ErrorCode code, String message, String param, Throwable cause) {
        super(message, cause, false, false); // no stack trace: these are expected outcomes, not bugs
        this.code = code;
        this.param = param;
    }

    public ErrorCode code() {
        return code;
    }

    /** The request field at fault, or null. */
    public String param() {
        return param;
    }
}
