package dev.aistack.support;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A wire-exact fake Ollama and a real gateway in front of it, fresh for each test and stopped after it:
 * {@code @RegisterExtension final GatewayAndOllama env = new GatewayAndOllama("AISTACK_GPU_SLOTS", "2");}
 */
public final class GatewayAndOllama implements BeforeEachCallback, AfterEachCallback {
    private final String[] settings;
    private FakeOllama ollama;
    private RunningGateway gateway;

    /** Extra AISTACK_* settings as key/value pairs. */
    public GatewayAndOllama(String... settings) {
        this.settings = settings.clone();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        ollama = FakeOllama.start();
        gateway = RunningGateway.inFrontOf(ollama.url(), settings);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (gateway != null) {
            gateway.close();
        }
        if (ollama != null) {
            ollama.close();
        }
    }

    public FakeOllama ollama() {
        return ollama;
    }

    public RunningGateway gateway() {
        return gateway;
    }
}
