package dev.aistack.observe;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * One JSON object per line: time, level, logger, request_id, message, and any fields passed as a Map parameter
 * (the access log passes method, path, status, duration_ms, model, upstream_ms). Written with a streaming generator:
 * the access log formats one line per request.
 */
public final class JsonLogFormatter extends Formatter {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String format(LogRecord record) {
        StringWriter text = new StringWriter(256);
        try (JsonGenerator line = JSON.createGenerator(text)) {
            line.writeStartObject();
            line.writeStringField("time", Instant.ofEpochMilli(record.getMillis()).toString());
            line.writeStringField("level", level(record.getLevel()));
            line.writeStringField("logger", record.getLoggerName());
            String requestId = LogContext.requestId();
            if (requestId != null) {
                line.writeStringField("request_id", requestId);
            }
            Object[] params = record.getParameters();
            if (params != null && params.length == 1 && params[0] instanceof Map<?, ?> fields) {
                line.writeStringField("message", record.getMessage());
                for (Map.Entry<?, ?> f : fields.entrySet()) {
                    line.writeFieldName(String.valueOf(f.getKey()));
                    write(line, f.getValue());
                }
            } else {
                line.writeStringField("message", formatMessage(record));
            }
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                line.writeStringField("error", String.valueOf(record.getThrown()));
                line.writeStringField("stack", trace.toString());
            }
            line.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does no I/O
        }
        return text.append(System.lineSeparator()).toString();
    }

    /** The access log's values are strings and numbers: written directly, without a serializer lookup. */
    private static void write(JsonGenerator line, Object v) throws IOException {
        switch (v) {
            case null -> line.writeNull();
            case String text -> line.writeString(text);
            case Integer i -> line.writeNumber(i);
            case Long l -> line.writeNumber(l);
            case Double d -> line.writeNumber(d);
            case Boolean b -> line.writeBoolean(b);
            default -> line.writeObject(v);
        }
    }

    private static String level(Level level) {
        if (level.intValue() >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (level.intValue() >= Level.WARNING.intValue()) {
            return "WARN";
        }
        if (level.intValue() >= Level.INFO.intValue()) {
            return "INFO";
        }
        return "DEBUG";
    }
}
