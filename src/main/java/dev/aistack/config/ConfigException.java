package dev.aistack.config;

/** An invalid setting: start-up stops with this message, which names the variable. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
