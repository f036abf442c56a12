package dev.aistack.observe;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Routes all java.util.logging output (ours and Helidon's) to stdout as JSON lines. */
public final class Logging {
    private Logging() {
    }

    /**
     * A log line written straight to stdout, for shutdown hooks: java.util.logging resets its handlers in its own
     * shutdown hook, which runs at the same time, so lines logged the usual way there may be lost.
     */
    public static void direct(String logger, String message, java.util.Map<String, Object> fields) {
        java.util.logging.LogRecord record = new java.util.logging.LogRecord(Level.INFO, message);
        record.setLoggerName(logger);
        record.setParameters(new Object[]{fields});
        for (Handler h : Logger.getLogger("").getHandlers()) {
            h.flush(); // lines logged before this one come first
        }
        System.out.print(new JsonLogFormatter().format(record));
        System.out.flush();
    }

    public static void jsonToStdout() {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        // Not ConsoleHandler + setOutputStream: that closes the stream it replaces, System.err. The line is
        // formatted on the caller's thread; one writer thread does the I/O (LogWriter).
        LogWriter writer = new LogWriter(System.out);
        JsonLogFormatter formatter = new JsonLogFormatter();
        Handler out = new Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                if (isLoggable(record)) {
                    writer.write(formatter.format(record));
                }
            }

            @Override
            public void flush() {
                writer.flush();
            }

            @Override
            public void close() {
                writer.flush(); // never close System.out
            }
        };
        out.setLevel(Level.ALL);
        root.addHandler(out);
        root.setLevel(Level.INFO);
    }
}
