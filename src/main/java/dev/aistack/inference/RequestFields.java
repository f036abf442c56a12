package dev.aistack.inference;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.aistack.errors.ErrorCode;
import dev.aistack.errors.GatewayException;

import java.io.IOException;
import java.util.Locale;

/**
 * The few top-level fields of an inference body that the gateway decides on, read in one streaming pass that
 * skips everything else (messages, images, tools are never built into a tree). The same pass proves the whole
 * body is one well-formed JSON object, so nothing malformed reaches a backend. Duplicate keys: the last wins, as
 * Go's decoder (Ollama) does.
 *
 * @param model        the "model" string, or null when absent
 * @param stream       "stream" (the route's default when absent or null: false for OpenAI, true for Ollama)
 * @param keepAlive    the raw "keep_alive" scalar, or null when absent (validated by the keep_alive policy)
 * @param includeUsage "stream_options.include_usage" (false when absent)
 */
public record RequestFields(String model, boolean stream, JsonNode keepAlive, boolean includeUsage) {
    /** Deeper bodies are refused (400): no backend needs them, and a parser must not recurse without a bound. */
    public static final int MAX_DEPTH = 1000;

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();

    public static RequestFields read(byte[] body) {
        return read(body, false);
    }

    /** @param streamDefault what an absent or null "stream" means on this route (Ollama's native API: true) */
    public static RequestFields read(byte[] body, boolean streamDefault) {
        if (isBlank(body)) {
            throw new GatewayException(ErrorCode.INVALID_JSON, "The request body is empty; send a JSON object.");
        }
        try (JsonParser p = JSON.createParser(body)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                skipValue(p); // a syntax error in what was sent is reported as such
                throw new GatewayException(ErrorCode.INVALID_REQUEST, "The request body must be a JSON object, not "
                        + kind(first) + ".");
            }
            String model = null;
            boolean stream = streamDefault;
            JsonNode keepAlive = null;
            boolean includeUsage = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "model" -> model = value == JsonToken.VALUE_NULL ? null : string(p, value, "model");
                    case "stream" -> stream = value == JsonToken.VALUE_NULL ? streamDefault : bool(value, "stream");
                    case "keep_alive" -> keepAlive = scalar(p, value);
                    case "stream_options" -> includeUsage = streamOptions(p, value);
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new GatewayException(ErrorCode.INVALID_JSON, "The request body has data after its JSON object "
                        + "(line " + p.currentLocation().getLineNr() + ", column " + p.currentLocation().getColumnNr()
                        + ").");
            }
            return new RequestFields(model, stream, keepAlive, includeUsage);
        } catch (StreamConstraintsException e) {
            throw new GatewayException(ErrorCode.INVALID_JSON, "The request body nests JSON deeper than " + MAX_DEPTH
                    + " levels.");
        } catch (JsonProcessingException e) {
            throw new GatewayException(ErrorCode.INVALID_JSON, "The request body is not valid JSON: "
                    + e.getOriginalMessage() + " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ").");
        } catch (IOException e) {
            throw new IllegalStateException(e); // reading a byte array does no I/O
        }
    }

    private static String string(JsonParser p, JsonToken value, String field) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            throw wrongType(field, "a string", value);
        }
        return p.getText();
    }

    private static boolean bool(JsonToken value, String field) {
        if (value == JsonToken.VALUE_TRUE || value == JsonToken.VALUE_FALSE) {
            return value == JsonToken.VALUE_TRUE;
        }
        throw wrongType(field, "true or false", value);
    }

    /** stream_options must be an object (or null); of it only include_usage is read, and it must be a boolean. */
    private static boolean streamOptions(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return false;
        }
        if (value != JsonToken.START_OBJECT) {
            throw wrongType("stream_options", "an object", value);
        }
        boolean include = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (name.equals("include_usage") && v != JsonToken.VALUE_NULL) {
                include = bool(v, "stream_options.include_usage");
            } else {
                p.skipChildren();
            }
        }
        return include;
    }

    /** keep_alive as a JSON scalar node; objects and arrays are kept as a marker the policy refuses. */
    private static JsonNode scalar(JsonParser p, JsonToken value) throws IOException {
        return switch (value) {
            case VALUE_NULL -> NullNode.instance;
            case VALUE_STRING -> TextNode.valueOf(p.getText());
            case VALUE_TRUE, VALUE_FALSE -> BooleanNode.valueOf(value == JsonToken.VALUE_TRUE);
            case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? DecimalNode.valueOf(p.getDecimalValue()) : LongNode.valueOf(p.getLongValue());
            case VALUE_NUMBER_FLOAT -> DoubleNode.valueOf(p.getDoubleValue());
            default -> {
                String kind = kind(value);
                p.skipChildren();
                yield TextNode.valueOf("<" + kind + ">"); // not a valid Go duration: refused by the policy
            }
        };
    }

    private static void skipValue(JsonParser p) throws IOException {
        p.skipChildren();
        while (p.nextToken() != null) {
            p.skipChildren();
        }
    }

    private static GatewayException wrongType(String field, String expected, JsonToken got) {
        return new GatewayException(ErrorCode.INVALID_REQUEST, "'" + field + "' must be " + expected + ", not "
                + kind(got) + ".", field);
    }

    private static String kind(JsonToken t) {
        if (t == null) {
            return "nothing";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.name().toLowerCase(Locale.ROOT);
        };
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }
}
