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
}
