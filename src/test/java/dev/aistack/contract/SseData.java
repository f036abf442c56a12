package dev.aistack.contract;

import java.util.ArrayList;
import java.util.List;

/**
 * The data of each event of a server-sent event stream, per the HTML spec's parsing rules: events end at a blank
 * line, several {@code data:} lines of one event are joined with a newline, one space after the colon is dropped,
 * and lines starting with a colon are comments.
 */
final class SseData {
    private SseData() {
    }

    static List<String> events(String stream) {
        List<String> events = new ArrayList<>();
        StringBuilder data = null;
        for (String line : stream.split("\r\n|\r|\n", -1)) {
            if (line.isEmpty()) {
                if (data != null) {
                    events.add(data.toString());
                    data = null;
                }
            } else if (line.startsWith("data:") || line.equals("data")) {
                String value = line.length() <= 5 ? "" : line.substring(line.charAt(5) == ' ' ? 6 : 5);
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            }
        }
        // A stream cut off without the final blank line still delivered its last data to a lenient client.
        if (data != null) {
            events.add(data.toString());
        }
        return events;
    }
}
