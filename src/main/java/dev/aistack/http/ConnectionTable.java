package dev.aistack.http;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every open client connection of one listener, and the sweep that enforces their deadlines: a head not received in
 * time (slowloris, or a keep-alive connection idle too long) or a write the client has not accepted for too long
 * (a stalled stream reader) closes the connection. Helidon gives no callback when a connection ends, so the sweep
 * also forgets the connections whose channel is closed, which is what frees their place under the cap.
 */
final class ConnectionTable {
    private static final Logger LOG = Logger.getLogger(ConnectionTable.class.getName());
    /** Deadlines are enforced to within this; tests' timeouts of ~1 s stay meaningful. */
    static final Duration SWEEP_EVERY = Duration.ofMillis(100);
    // One daemon thread for all gateways in the JVM: the sweep is a few volatile reads per connection.
    private static final ScheduledExecutorService SWEEPER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "aistack-client-connections");
        t.setDaemon(true);
        return t;
    });

    private final ClientTimeouts timeouts;
    private final int maxConnections;
    private final Map<SocketAddress, ClientLink> links = new ConcurrentHashMap<>();
    private final AtomicInteger admitted = new AtomicInteger();
    private volatile ScheduledFuture<?> sweep;

    ConnectionTable(ClientTimeouts timeouts, int maxConnections) {
        this.timeouts = timeouts;
        this.maxConnections = maxConnections;
    }

    synchronized void start() {
        if (sweep == null) {
            sweep = SWEEPER.scheduleWithFixedDelay(this::sweepSafely, SWEEP_EVERY.toMillis(), SWEEP_EVERY.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    synchronized void stop() {
        if (sweep != null) {
            sweep.cancel(false);
            sweep = null;
        }
        links.clear();
        admitted.set(0);
    }

    /** On the listener thread, right after accept: counts the connection and arms its first head deadline. */
    void accepted(SocketChannel channel) {
        boolean underCap = admitted.incrementAndGet() <= maxConnections;
        if (!underCap) {
            admitted.decrementAndGet(); // refused connections do not hold a place: they are answered 503 and closed
        }
        ClientLink link = new ClientLink(channel, underCap, timeouts);
        try {
            links.put(channel.getRemoteAddress(), link);
        } catch (IOException e) {
            if (underCap) {
                admitted.decrementAndGet();
            }
            throw new java.io.UncheckedIOException(e); // Helidon closes the socket it could not set up
        }
        link.opened();
    }

    /** The link of a connection, by its client's address (unique among the listener's open connections). */
    ClientLink find(SocketAddress remote) {
        return links.get(remote);
    }

    int maxConnections() {
        return maxConnections;
    }

    int admittedCount() {
        return admitted.get();
    }

    private void sweepSafely() {
        try {
            sweep(System.nanoTime());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "client connection sweep failed", e); // never let the schedule die
        }
    }

    private void sweep(long now) {
        for (Map.Entry<SocketAddress, ClientLink> e : links.entrySet()) {
            ClientLink link = e.getValue();
            if (!link.isOpen()) {
                if (links.remove(e.getKey(), link) && link.admitted()) {
                    admitted.decrementAndGet();
                }
            } else {
                link.enforceDeadlines(now);
            }
        }
    }
}
