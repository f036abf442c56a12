package dev.aistack.http;

import io.helidon.common.socket.SocketOptions;

import java.net.SocketOption;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The options of every accepted client socket: Helidon's own (TCP_NODELAY on: without it a stream's first event waits
 * ~40 ms for the client's delayed ACK), plus the gateway's bookkeeping, which starts here because accepting is the one
 * moment Helidon hands out the raw channel (counted, head deadline armed, read timeout set).
 */
final class ClientSocketOptions implements SocketOptions {
    private final SocketOptions helidon = SocketOptions.builder().tcpNoDelay(true).build();
    private final ConnectionTable table;

    ClientSocketOptions(ConnectionTable table) {
        this.table = table;
    }

    @Override
    public void configureSocket(SocketChannel channel) {
        helidon.configureSocket(channel);
        table.accepted(channel);
    }

    @Override
    public Map<SocketOption<?>, Object> socketOptions() {
        return helidon.socketOptions();
    }

    @Override
    public Duration connectTimeout() {
        return helidon.connectTimeout();
    }

    @Override
    public Duration readTimeout() {
        return helidon.readTimeout();
    }

    @Override
    public Optional<Integer> socketReceiveBufferSize() {
        return helidon.socketReceiveBufferSize();
    }

    @Override
    public Optional<Integer> socketSendBufferSize() {
        return helidon.socketSendBufferSize();
    }

    @Override
    public boolean socketReuseAddress() {
        return helidon.socketReuseAddress();
    }

    @Override
    public boolean socketKeepAlive() {
        return helidon.socketKeepAlive();
    }

    @Override
    public boolean tcpNoDelay() {
        return helidon.tcpNoDelay();
    }
}
