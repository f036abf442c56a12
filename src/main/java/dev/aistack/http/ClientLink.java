package dev.aistack.http;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.socket.HelidonSocket;
import io.helidon.webserver.ConnectionContext;

import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * The gateway's handle on one client connection, reachable from the request's handler thread with
 * {@link #current()}: watch for the client leaving while the backend works ({@link #watch}), guard writes against a
 * client that stopped reading ({@link #guard}). It also carries the connection's deadlines and read timeout through
 * the phases of each exchange (head, body, waiting, idle), enforced by {@link ConnectionTable}'s sweep.
 */
public final class ClientLink {
    /**
     * The read timeout while the liveness monitor runs: it gives up (and reports the client gone) after one read
     * timeout, so it must outlast any backend call. Integer.MAX_VALUE ms is ~24 days.
     */
    static final int WATCHING_READ_TIMEOUT_MILLIS = Integer.MAX_VALUE;
    // Departure must be noticed within 200 ms; one thread checks every watched socket this often (a few volatile
    // reads each: ten thousand open streams cost it well under 1 % of a core).
    private static final Duration WATCH_EVERY = Duration.ofMillis(50);
    // The monitor starts only once the backend has kept the client waiting this long: an answer that comes sooner
    // (most calls that need no GPU, a fast model's first token) costs no monitor thread and no socket polling. A client
    // that leaves at once is still noticed within this plus two checks (~120 ms).
    static final Duration WAIT_BEFORE_MONITOR = Duration.ofMillis(20);
    private static final long WAIT_BEFORE_MONITOR_NANOS = WAIT_BEFORE_MONITOR.toNanos();
    // A stream that has flowed is watched again only after this long without an event: a flowing stream notices a
    // departure at its next write, and the monitor's polling would cost each open stream ten wake-ups a second.
    static final Duration SILENCE = Duration.ofSeconds(2);
    private static final long SILENCE_NANOS = SILENCE.toNanos();
    private static final long NO_DEADLINE = Long.MIN_VALUE;
    private static final ThreadLocal<ClientLink> CURRENT = new ThreadLocal<>();
    /** For code running outside a client connection (nothing to watch or guard). */
    private static final ClientLink NONE = new ClientLink(null, true, null);

    private final SocketChannel channel;
    private final boolean admitted;
    private final ClientTimeouts timeouts;
    private volatile ConnectionContext ctx;
    private volatile long headDeadline = NO_DEADLINE;
    private volatile long writingSince = NO_DEADLINE;
    private volatile boolean stalled;
    private volatile Thread monitorEnder; // started on the connection's own thread; the checker reads it

    ClientLink(SocketChannel channel, boolean admitted, ClientTimeouts timeouts) {
        this.channel = channel;
        this.admitted = admitted;
        this.timeouts = timeouts;
    }

    /** The link of the connection this thread serves, or one that watches and guards nothing. */
    public static ClientLink current() {
        ClientLink link = CURRENT.get();
        return link == null ? NONE : link;
    }

    /**
     * Starts noticing the client's departure (FIN or RST) while the handler waits for the backend; call it on the
     * handler's thread once the request body has been read. Helidon's socket monitor is started by the checker once
     * the wait has lasted {@link #WAIT_BEFORE_MONITOR}. {@code onGone} runs at most once, from another thread, and
     * never after {@link Watch#close()} returned.
     */
    public Watch watch(Runnable onGone) {
        ConnectionContext c = ctx;
        return new Watch(this, channel == null || c == null ? null : c.serverSocket(), onGone);
    }

    /** The response stream, cut (its blocked write fails) when the client accepts no bytes for the idle timeout. */
    public OutputStream guard(OutputStream out) {
        return channel == null ? out : new StallGuard(out, this);
    }

    /** Whether the connection was cut because the client stopped reading. */
    public boolean stalled() {
        return stalled;
    }

    // --- phases of an exchange (ConnectionTable, ClientConnections) ----------------------------------------------

    boolean admitted() {
        return admitted;
    }

    boolean isOpen() {
        return channel.isOpen();
    }

    /** Accepted: the first request's head is due within the head timeout. */
    void opened() {
        headDeadline = System.nanoTime() + timeouts.head().toNanos();
        readTimeout(0); // the deadline bounds the wait, whatever the pace of the bytes
    }

    /** A request line arrived on a kept-alive connection: the rest of the head is due within the head timeout. */
    void requestLineRead() {
        long due = System.nanoTime() + timeouts.head().toNanos();
        long current = headDeadline;
        headDeadline = current == NO_DEADLINE || due - current < 0 ? due : current;
    }

    /** The head is complete: the handler takes over on this thread; a body may pause at most the body timeout. */
    void headReceived(ConnectionContext context) {
        this.ctx = context;
        headDeadline = NO_DEADLINE;
        readTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, timeouts.bodyPause().toMillis())));
        CURRENT.set(this);
    }

    /** Starts Helidon's socket monitor; the caller makes sure that no read of Helidon's runs meanwhile. */
    private void startMonitor(HelidonSocket socket) {
        readTimeout(WATCHING_READ_TIMEOUT_MILLIS); // before idle(): the monitor reads it when it starts
        socket.idle(); // a peeking read that hands its byte back to the next request: keep-alive and pipelining work
    }

    /** Whether no monitor is being ended: a new one may start. */
    private boolean monitorEnded() {
        Thread ender = monitorEnder;
        return ender == null || !ender.isAlive();
    }

    /**
     * Ends the socket monitor {@link #watch} started, without waiting here. A zero-length read ends it and reads
     * nothing (a pipelined next request keeps its bytes), but it first waits out the monitor's current round (up
     * to 101 ms, less when the client sends or leaves): on a thread of its own, so the stream is not held.
     */
    private void endMonitor(HelidonSocket socket) {
        monitorEnder = Thread.ofVirtual().name("aistack-monitor-end").start(() -> {
            try {
                socket.read(BufferData.create(0));
            } catch (RuntimeException closed) {
                // the connection is gone: its monitor ended with it
            }
        });
    }

    /** The response is done: the connection may stay idle, waiting for the next request, up to the keep-alive idle. */
    void exchangeEnded() {
        awaitMonitorEnded();
        CURRENT.remove();
        if (channel == null) {
            return;
        }
        headDeadline = System.nanoTime() + timeouts.keepAliveIdle().toNanos();
        readTimeout(0);
    }

    /**
     * Helidon's next read on this connection must not run while the monitor is being ended from another thread (both
     * would end it at once). Waits only while the client sends nothing: its next request ends the monitor at once.
     */
    private void awaitMonitorEnded() {
        Thread ender = monitorEnder;
        if (ender == null) {
            return;
        }
        monitorEnder = null;
        boolean interrupted = false;
        while (ender.isAlive()) {
            try {
                ender.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    String bodyPauseText() {
        return timeouts == null ? "the body timeout" : timeouts.bodyPause().toMillis() + " ms";
    }

    void writing(boolean now) {
        writingSince = now ? System.nanoTime() : NO_DEADLINE;
    }

    /** From the sweep: closes the connection when a deadline has passed. */
    void enforceDeadlines(long now) {
        long head = headDeadline;
        if (head != NO_DEADLINE && now - head > 0) {
            close(); // slowloris, or a kept-alive connection idle too long: nothing to answer
            return;
        }
        long since = writingSince;
        if (since != NO_DEADLINE && now - since > timeouts.stalledWrite().toNanos()) {
            stalled = true;
            close(); // the blocked write throws: the relay closes the backend call and frees the slot
        }
    }

    private void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing is all we wanted
        }
    }

    private void readTimeout(int millis) {
        try {
            channel.socket().setSoTimeout(millis);
        } catch (SocketException ignored) {
            // already closed: the next read fails anyway
        }
    }

    /** A running watch for the client's departure. */
    public static final class Watch implements AutoCloseable {
        // One thread checks every watched socket (a volatile read each): a thread per watch, waking every 20 ms,
        // cost the CPU of thousands of open streams.
        private static final Set<Watch> WATCHED = ConcurrentHashMap.newKeySet();
        private static final Thread CHECKER = Thread.ofPlatform().daemon().name("aistack-client-watch")
                .start(Watch::checkAll);

        private final ClientLink link;
        private final HelidonSocket socket;
        private final Runnable onGone;
        private final Thread handler = Thread.currentThread();
        private volatile boolean closed; // set under this; read without it on the checker's fast path
        private volatile boolean gone;
        private volatile boolean monitoring; // Helidon's monitor runs for this watch; set under this
        private volatile boolean flowing; // the answer has begun reaching the client
        // System.nanoTime() since which the backend has sent nothing: the watch's start, then each event's
        private volatile long quietSince = System.nanoTime();

        private Watch(ClientLink link, HelidonSocket socket, Runnable onGone) {
            this.link = link;
            this.socket = socket;
            this.onGone = onGone;
            if (socket != null) {
                WATCHED.add(this);
            }
        }

        /** Whether the client left while watched. */
        public boolean gone() {
            return gone;
        }

        private static void checkAll() {
            while (true) {
                long now = System.nanoTime();
                for (Watch w : WATCHED) {
                    w.check(now);
                }
                LockSupport.parkNanos(WATCH_EVERY.toNanos());
            }
        }

        private void check(long now) {
            if (closed) {
                return;
            }
            if (!monitoring) { // monitored once the client has waited a while, or a flowing stream has been silent
                if (now - quietSince > (flowing ? SILENCE_NANOS : WAIT_BEFORE_MONITOR_NANOS) && link.monitorEnded()) {
                    synchronized (this) {
                        if (!closed && !monitoring) {
                            link.startMonitor(socket); // the handler waits for the backend: nothing reads the socket
                            monitoring = true;
                        }
                    }
                }
                return;
            }
            if (socket.isConnected()) {
                return; // the common case: a few volatile reads, no lock
            }
            synchronized (this) {
                if (!closed) {
                    gone = true;
                    closed = true;
                    WATCHED.remove(this);
                    onGone.run();
                }
            }
        }

        /**
         * The answer has begun reaching the client: ends Helidon's socket monitor if the wait started it (it polls
         * with a 101 ms read timeout: ten wake-ups a second for each open stream; thousands of streams took most of
         * the core). While events flow a departure shows as a failed write of the next ones; after
         * {@link ClientLink#SILENCE} without an event the monitor is started again, until the next event.
         */
        public void answerFlowing() {
            if (socket != null) {
                flowing = true;
                eventFlowing(); // ends the monitor, if the wait started one
            }
        }

        /** The backend sent another event: ends the monitor a silence started, if any. On the handler's thread. */
        public void eventFlowing() {
            if (!flowing) {
                return;
            }
            quietSince = System.nanoTime();
            if (!monitoring) {
                return; // the common case: two volatile reads and a write
            }
            synchronized (this) {
                if (closed || !monitoring) {
                    return;
                }
                monitoring = false;
            }
            link.endMonitor(socket);
        }

        /** Stops watching; afterwards {@code onGone} never runs. Clears an interrupt it caused on this thread. */
        @Override
        public void close() {
            synchronized (this) {
                closed = true;
            }
            WATCHED.remove(this);
            if (gone && Thread.currentThread() == handler) {
                Thread.interrupted(); // the backend call is over; what follows (slot, task store) must not see it
            }
        }
    }
}
