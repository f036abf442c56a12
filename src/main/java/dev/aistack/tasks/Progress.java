package dev.aistack.tasks;

import dev.aistack.usage.Usage;

/** What the inference path reports as a call goes, so its task status can follow. */
public interface Progress {
    Progress NONE = new Progress() {
    };

    default void forwarding() {
    }

    default void streaming() {
    }

    default void tokens(Usage soFar) {
    }

    /** The call goes to this backend node (after failover, the one that answered). */
    default void node(String name) {
    }
}
