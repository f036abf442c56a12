package dev.aistack.observe;

import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Routes all java.util.logging output (ours and Helidon's) to stdout as JSON lines. */
public final class Logging {
    private Logging() {
    }

    public static void jsonToStdout() {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        Handler out = new ConsoleHandler() {
            {
                setOutputStream(System.out);
            }
        };
        out.setFormatter(new JsonLogFormatter());
        out.setLevel(Level.ALL);
        root.addHandler(out);
        root.setLevel(Level.INFO);
    }
}
