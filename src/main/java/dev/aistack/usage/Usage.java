package dev.aistack.usage;

/**
 * Tokens of one request. {@code reported} is false when the backend never said (a stream cut short): then
 * completionTokens counts the content chunks relayed, which for Ollama is one per generated token.
 */
public record Usage(long promptTokens, long completionTokens, boolean reported) {
    public static final Usage NONE = new Usage(0, 0, false);

    public long totalTokens() {
        return promptTokens + completionTokens;
    }
}
