package dev.aistack.support;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Several fake backends and a gateway routing over them (a nodes: file), all stopped after each test:
 * {@code @RegisterExtension final FleetOfFakes fleet = new FleetOfFakes();}
 */
public final class FleetOfFakes implements AfterEachCallback {
    private final List<AutoCloseable> open = new ArrayList<>();

    /** A vLLM-shaped server serving these models. */
    public FakeOpenAiServer openAi(String... models) {
        return keep(FakeOpenAiServer.start(models));
    }

    public FakeOllama ollama() {
        return keep(FakeOllama.start());
    }

    /** A gateway in front of the nodes listed in {@code yaml} (the whole file), plus AISTACK_* settings. */
    public RunningGateway gateway(String yaml, String... settings) {
        try {
            Path dir = Files.createTempDirectory("aistack-fleet");
            return keep(Fleet.gateway(dir, yaml, settings));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Anything else to close after the test, last opened first. */
    public <T extends AutoCloseable> T keep(T closeable) {
        open.add(closeable);
        return closeable;
    }

    /** One openai node entry of a nodes: list. */
    public static String node(String name, String url, String extra) {
        return "  - name: " + name + "\n    url: " + url + "\n    kind: openai\n" + extra;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
        open.clear();
    }
}
