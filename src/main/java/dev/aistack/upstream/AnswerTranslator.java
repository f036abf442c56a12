package dev.aistack.upstream;

import dev.aistack.errors.GatewayException;

import java.util.List;

/**
 * Turns a backend's answer into another protocol as it is relayed (an OpenAI-compatible answer for an Anthropic or
 * Ollama client, say). One instance per request: stream translation keeps state (open content blocks, counts).
 * Implementations are pure (no I/O); the relay does the writing and flushing.
 */
public interface AnswerTranslator {
    /** A whole answer in the client's protocol. */
    record Whole(int status, String mediaType, byte[] body) {
    }

    /** A whole (non-streamed) backend answer, of any status, in the client's protocol. */
    Whole whole(int status, byte[] body);

    /** The media type of the translated stream the client receives (text/event-stream, application/x-ndjson). */
    String streamMediaType();

    /** One backend stream event: zero or more client events. */
    List<byte[]> event(byte[] event);

    /** The backend stream ended: the client's closing events (complete: its end marker arrived). */
    List<byte[]> end(boolean complete);

    /** A stream that broke after it started ends with this, in the client's protocol. */
    byte[] error(GatewayException e);

    /** Sent when the backend is silent for a while mid-stream (Anthropic's ping), or null for none. */
    default byte[] idleEvent() {
        return null;
    }
}
