package dev.aistack.observe;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertFalse;

class LoggingSetupTest {
    @Test
    void leavesStandardErrorOpenForStartUpMessages() {
        PrintStream original = System.err;
        AtomicBoolean closed = new AtomicBoolean();
        System.setErr(new PrintStream(new ByteArrayOutputStream()) {
            @Override
            public void close() {
                closed.set(true);
            }
        });
        try {
            Logging.jsonToStdout(); // an invalid setting is reported on stderr after this has run
        } finally {
            System.setErr(original);
        }
        assertFalse(closed.get(), "setting up logging closed System.err");
    }
}
