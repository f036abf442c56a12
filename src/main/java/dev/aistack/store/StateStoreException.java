package dev.aistack.store;

/** The state store could not be reached or failed; callers degrade instead of failing the request. */
public final class StateStoreException extends RuntimeException {
    public StateStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
