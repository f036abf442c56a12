package dev.aistack.inference;

import dev.aistack.upstream.AnswerTranslator;
import dev.aistack.upstream.Backend;
import dev.aistack.upstream.Relay;
import dev.aistack.usage.Usage;

import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * What an ingress route tells the shared inference path about its protocol: how to prepare the body for the
 * backend, how to read token usage from the answer, and which event ends a stream. The path itself knows none of it.
 */
public interface Endpoint {
    /**
     * What to send to one backend for this request.
     *
     * @param body              the bytes to forward
     * @param addedUsageRequest the gateway asked for stream usage the client did not ask for (hide it again)
     * @param path              the backend path to call, or null for the client's own raw path and query
     * @param answer            translates the backend's answer for the client, or null to relay it verbatim
     * @param carriesKeepAlive  the body itself carries the keep_alive the node applies natively (Ollama's own
     *                          /api routes): no separate keep_alive call after the request
     */
    record Prepared(byte[] body, boolean addedUsageRequest, String path, AnswerTranslator answer,
                    boolean carriesKeepAlive) {
        public Prepared(byte[] body, boolean addedUsageRequest) {
            this(body, addedUsageRequest, null, null);
        }

        public Prepared(byte[] body, boolean addedUsageRequest, String path, AnswerTranslator answer) {
            this(body, addedUsageRequest, path, answer, false);
        }
    }

    /** The top-level fields of a body received on this route (routes differ in what an absent "stream" means). */
    default RequestFields fields(byte[] body) {
        return RequestFields.read(body);
    }

    /** The request for this backend (its kind decides whether the body passes through or is translated). */
    Prepared prepare(byte[] body, RequestFields fields, Backend backend);

    /** A fresh counter for one request; progress hears the running count (task heartbeats show it). */
    UsageCounter usageCounter(boolean stripAddedUsage, Consumer<Usage> progress);

    /** Recognises the event that ends a complete stream; a stream without it ended badly. */
    Predicate<byte[]> streamEnd();

    /** Reads usage from what is relayed (and may hide what the gateway asked for on the client's behalf). */
    interface UsageCounter extends Relay.Tap {
        Usage usage();

        /** For calls whose answer is not inference (a passthrough of some other /v1 path). */
        static UsageCounter none() {
            return () -> Usage.NONE;
        }
    }
}
