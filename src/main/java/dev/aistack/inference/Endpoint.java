package dev.aistack.inference;

import dev.aistack.upstream.Relay;
import dev.aistack.usage.Usage;

import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * What an ingress route tells the shared inference path about its protocol: how to prepare the body for the
 * backend, how to read token usage from the answer, and which event ends a stream. The path itself knows none of it.
 */
public interface Endpoint {
    /** The bytes to forward, and whether the gateway added a request its usage counter must hide again. */
    record Prepared(byte[] body, boolean addedUsageRequest) {
    }

    Prepared prepare(byte[] body, RequestFields fields);

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
