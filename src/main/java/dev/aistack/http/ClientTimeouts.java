package dev.aistack.http;

import dev.aistack.config.GatewayConfig;

import java.time.Duration;

/** How long the gateway waits on a client, by what it waits for. */
record ClientTimeouts(Duration head, Duration bodyPause, Duration stalledWrite, Duration keepAliveIdle) {
    /**
     * Between two requests on one connection, as nginx's keepalive_timeout: long enough for clients that reuse
     * connections (most SDK pools close theirs after 60 s or less), short enough not to hoard sockets.
     */
    static final Duration KEEP_ALIVE_IDLE = Duration.ofSeconds(75);

    static ClientTimeouts of(GatewayConfig config) {
        return new ClientTimeouts(config.requestHeadTimeout(), config.requestBodyTimeout(), config.clientIdleTimeout(),
                KEEP_ALIVE_IDLE);
    }
}
