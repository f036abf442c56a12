package dev.aistack.ollama;

import dev.aistack.access.Gate;
import dev.aistack.generated.api.OllamaService;
import dev.aistack.inference.Forwarder;
import dev.aistack.inference.InferencePath;
import dev.aistack.routing.Router;
import dev.aistack.scheduling.KeepAlivePolicy;
import io.helidon.http.HttpMediaType;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Ollama's native API (the spec's Ollama tag), so Ollama clients (the ollama libraries, Open WebUI, editors) can
 * point at the gateway: inference through the shared path, model lists from the fleet, and the health answers
 * Ollama clients probe first. Mounted at /.
 */
public final class OllamaApi implements OllamaService {
    /** The Ollama API version the gateway implements (shared/OLLAMA_WIRE.md was read from it); clients gate on it. */
    static final String VERSION = "0.32.15";
    private static final HttpMediaType TEXT = HttpMediaType.create("text/plain; charset=utf-8");

    private final InferencePath path;
    private final FleetModels models;
    private final OllamaEndpoint chat;
    private final OllamaEndpoint generate;
    private final OllamaEndpoint embed;
    private final OllamaEndpoint embeddings;

    public OllamaApi(InferencePath path, Router router, Forwarder forwarder, KeepAlivePolicy keepAlive, Gate gate,
                     long maxBodyBytes) {
        this.path = path;
        this.models = new FleetModels(router, forwarder, gate, maxBodyBytes);
        this.chat = new OllamaEndpoint(OllamaEndpoint.Route.CHAT, keepAlive);
        this.generate = new OllamaEndpoint(OllamaEndpoint.Route.GENERATE, keepAlive);
        this.embed = new OllamaEndpoint(OllamaEndpoint.Route.EMBED, keepAlive);
        this.embeddings = new OllamaEndpoint(OllamaEndpoint.Route.EMBEDDINGS, keepAlive);
    }

    @Override
    public void ollamaChat(ServerRequest req, ServerResponse res) {
        path.handle(req, res, chat);
    }

    @Override
    public void ollamaGenerate(ServerRequest req, ServerResponse res) {
        path.handle(req, res, generate);
    }

    @Override
    public void ollamaEmbed(ServerRequest req, ServerResponse res) {
        path.handle(req, res, embed);
    }

    @Override
    public void ollamaEmbeddings(ServerRequest req, ServerResponse res) {
        path.handle(req, res, embeddings);
    }

    @Override
    public void ollamaTags(ServerRequest req, ServerResponse res) {
        models.tags(req, res);
    }

    @Override
    public void ollamaPs(ServerRequest req, ServerResponse res) {
        models.ps(req, res);
    }

    @Override
    public void ollamaShow(ServerRequest req, ServerResponse res) {
        models.show(req, res);
    }

    @Override
    public void ollamaVersion(ServerRequest req, ServerResponse res) {
        res.headers().contentType(FleetModels.NATIVE_JSON);
        res.send("{\"version\":\"" + VERSION + "\"}");
    }

    @Override
    public void ollamaVersionHead(ServerRequest req, ServerResponse res) {
        res.headers().contentType(FleetModels.NATIVE_JSON);
        res.send();
    }

    /** Headers only: the nodes are not asked, so a client's HEAD never costs a discovery round. */
    @Override
    public void ollamaTagsHead(ServerRequest req, ServerResponse res) {
        res.headers().contentType(FleetModels.NATIVE_JSON);
        res.send();
    }

    @Override
    public void ollamaRoot(ServerRequest req, ServerResponse res) {
        res.headers().contentType(TEXT);
        res.send("Ollama is running");
    }

    @Override
    public void ollamaRootHead(ServerRequest req, ServerResponse res) {
        res.headers().contentType(TEXT);
        res.send();
    }
}
