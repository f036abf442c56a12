package dev.aistack.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aistack.scheduling.GpuSlots;

import java.util.List;

/**
 * One backend node: where it is, how to talk to it, what differs for its kind of server, and its GPU slots.
 *
 * @param name   unique; shown in /readyz, logs and metrics
 * @param client the HTTP conversation with it
 * @param kind   what differs per kind of server (keep_alive, discovery, probes)
 * @param slots  how many calls its GPU takes at once
 */
public record Backend(String name, UpstreamClient client, NodeKind kind, GpuSlots slots) {
    /** The wire protocol a node speaks natively: Ollama's (it also serves OpenAI's /v1) or only OpenAI's. */
    public enum Protocol { OLLAMA, OPENAI }

    /** What differs per kind of inference server; one implementation per kind. */
    public interface NodeKind {
        /** The protocol the node speaks natively; an Ollama node also answers OpenAI's /v1 routes. */
        Protocol protocol();

        /** A request for this model has ended (any outcome); keepAlive is the policy's value for it. */
        void requestEnded(String model, JsonNode keepAlive);

        /** The models the node serves now; a catalog error when it cannot be asked. */
        List<DiscoveredModel> models();

        /** What the node says a model can do (capability names as /v1/info shows them) and its context length. */
        default ModelTraits describe(String model) {
            return ModelTraits.UNKNOWN;
        }

        /** The cheapest call that proves the node answers; a catalog error when it does not. */
        void probe();

        /** Stops what the kind runs in the background. */
        default void close() {
        }
    }

    /** What a model can do: chat, completion, embedding, vision, tools, thinking; and its context (null: unknown). */
    public record ModelTraits(java.util.Set<String> capabilities, Integer contextLength) {
        public static final ModelTraits UNKNOWN = new ModelTraits(java.util.Set.of(), null);
    }

    /** A model as a node lists it: its name and when it last changed (Unix seconds, 0 when unknown). */
    public record DiscoveredModel(String name, long modifiedEpochSeconds) {
    }
}
