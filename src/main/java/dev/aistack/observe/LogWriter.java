package dev.aistack.observe;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Writes log lines to stdout from one background thread, so request threads never queue behind each other on the
 * stream's lock and a syscall per line. After a batch is written the thread pauses {@link #PACE_MILLIS} before it
 * takes the next: under load a line is then queued without waking it (on a busy core a wake-up per request is a
 * context switch per request), and a line still reaches stdout within moments. When the queue is full, writers
 * wait (no line is lost).
 */
final class LogWriter {
    private static final int CAPACITY = 64 * 1024;
    private static final int BATCH = 1024;
    private static final long PACE_MILLIS = 10;

    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>(CAPACITY);
    private final OutputStream out;
    private final Object flushed = new Object();
    private volatile long written;
    private final java.util.concurrent.atomic.AtomicLong enqueued = new java.util.concurrent.atomic.AtomicLong();

    LogWriter(OutputStream out) {
        this.out = out;
        Thread.ofPlatform().daemon().name("aistack-log-writer").start(this::run);
    }

    void write(String line) {
        try {
            queue.put(line);
            enqueued.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits (briefly) until every line handed in so far is on stdout: shutdown and tests. */
    void flush() {
        long target = enqueued.get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        synchronized (flushed) {
            while (written < target && System.nanoTime() < deadline) {
                try {
                    flushed.wait(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Lets lines gather; false when interrupted (stop). */
    private static boolean pause() {
        try {
            Thread.sleep(PACE_MILLIS);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private void run() {
        List<String> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(queue.take());
                queue.drainTo(batch, BATCH - 1);
                StringBuilder text = new StringBuilder();
                batch.forEach(text::append);
                out.write(text.toString().getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                // stdout is gone: nothing else can report it
            }
            synchronized (flushed) {
                written += batch.size();
                flushed.notifyAll();
            }
            boolean full = batch.size() == BATCH;
            batch.clear();
            if (!full && !pause()) {
                return;
            }
        }
    }
}
