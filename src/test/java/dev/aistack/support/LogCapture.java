package dev.aistack.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aistack.observe.JsonLogFormatter;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Every log line a test's gateway writes, formatted exactly as on stdout:
 * {@code @RegisterExtension final LogCapture logs = new LogCapture();}
 */
public final class LogCapture implements BeforeEachCallback, AfterEachCallback {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final JsonLogFormatter formatter = new JsonLogFormatter();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(formatter.format(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @Override
    public void beforeEach(ExtensionContext context) {
        Logger.getLogger("").addHandler(handler);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Logger.getLogger("").removeHandler(handler);
    }

    /** The lines so far, as JSON text. */
    public List<String> lines() {
        return lines;
    }

    /** The access line of this request: written when its handler returns, just after the answer (bounded wait). */
    public JsonNode accessLine(String requestId) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (String line : lines) {
                JsonNode n = JSON.readTree(line);
                if ("aistack.access".equals(n.path("logger").asText())
                        && requestId.equals(n.path("request_id").asText())) {
                    return n;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no access line for " + requestId + " in " + lines);
    }
}
