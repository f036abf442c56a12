package dev.aistack.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A nodes: configuration written to a temporary YAML file, for gateways in front of several fakes. */
public final class Fleet {
    private Fleet() {
    }

    /** Writes {@code yaml} (the whole file) and returns the settings that point a gateway at it. */
    public static String[] config(Path dir, String yaml, String... more) {
        try {
            Path file = Files.writeString(dir.resolve("aistack.yaml"), yaml);
            String[] settings = new String[more.length + 2];
            settings[0] = "AISTACK_CONFIG_FILE";
            settings[1] = file.toString();
            System.arraycopy(more, 0, settings, 2, more.length);
            return settings;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A gateway in front of the fleet file; its AISTACK_OLLAMA_URL is unused. */
    public static RunningGateway gateway(Path dir, String yaml, String... more) {
        return RunningGateway.inFrontOf("http://127.0.0.1:9", config(dir, yaml, more));
    }
}
