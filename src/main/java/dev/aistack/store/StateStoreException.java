package dev.aistack.store;

/** The state store could not be reached or failed; callers degrade instead of failing the request. */
public final class StateStoreException extends RuntimeException {
    private final boolean repeat;

    public StateStoreException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private StateStoreException(String message, Throwable cause, boolean repeat) {
        super(message, cause);
        this.repeat = repeat;
    }

    /** The store failed a moment ago and is not tried yet: the same outage, already reported. */
    public static StateStoreException stillDown(String message) {
        return new StateStoreException(message, null, true);
    }

    public boolean repeat() {
        return repeat;
    }
}
