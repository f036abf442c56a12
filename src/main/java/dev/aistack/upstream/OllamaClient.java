package dev.aistack.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aistack.config.GatewayConfig;
import io.helidon.http.Headers;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaTypes;
import io.helidon.http.Method;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;

import java.time.Duration;

/**
 * The HTTP conversation with one Ollama server: forwarding client requests as bytes, and the few native calls
 * the gateway makes on its own (model list, keep_alive, readiness probe).
 */
public final class OllamaClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    // The gateway's own calls are small and local; they must never hold a request for long.
    private static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(5);

    private static final io.helidon.http.HeaderName REQUEST_ID = io.helidon.http.HeaderNames.create("X-Request-Id");

    private final WebClient client;
    private final String baseUrl;

    public OllamaClient(GatewayConfig config) {
        this.baseUrl = config.ollamaBase();
        this.client = WebClient.builder()
                .baseUri(config.ollamaUrl())
                .connectTimeout(config.upstreamConnectTimeout())
                .readTimeout(config.upstreamTimeout())
                .followRedirects(false)
                .socketOptions(so -> so.tcpNoDelay(true))
                .sendExpectContinue(false)
                // Ollama is called directly: the default (system) proxy setting adds Proxy-Connection to every call.
                .proxy(io.helidon.webclient.api.Proxy.noProxy())
                .build();
    }

    public String baseUrl() {
        return baseUrl;
    }

    /**
     * Sends the client's body byte for byte. The caller owns the response and must close it; closing it before
     * the body is read closes the connection, which is how Ollama learns to stop generating.
     */
    public HttpClientResponse forward(Method method, String path, Headers clientHeaders, ForwardedHeaders.Peer peer,
                                      String requestId, byte[] body) {
        // The raw path and query exactly as the client sent them: path() alone would percent-encode them again.
        HttpClientRequest request = client.method(method).skipUriEncoding(true)
                .path(dev.aistack.http.RequestTarget.verbatim(path));
        ForwardedHeaders.toBackend(clientHeaders, peer, (name, value) -> request.headers().add(name, value));
        request.headers().set(REQUEST_ID, requestId); // the gateway's id, also when it made one up
        if (body.length > 0 && !request.headers().contains(HeaderNames.CONTENT_TYPE)) {
            request.headers().contentType(HttpMediaTypes.JSON_UTF_8);
        }
        try {
            return request.submit(body);
        } catch (RuntimeException e) {
            throw UpstreamFailures.classify(e, baseUrl);
        }
    }

    /** GET /api/tags as JSON; throws a catalog error when Ollama cannot be asked. */
    public JsonNode tags() {
        return getJson("/api/tags");
    }

    /** GET /api/version: the cheapest call that proves Ollama answers. */
    public JsonNode version() {
        return getJson("/api/version");
    }

    /**
     * POST /api/generate {"model": M, "keep_alive": K} without a prompt: Ollama loads (or, for 0, unloads) the model
     * and stores K as its session, so the next expiry is K after the last request. Returns the HTTP status.
     */
    public int setKeepAlive(String model, JsonNode keepAlive) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", model);
        body.set("keep_alive", keepAlive);
        try (HttpClientResponse res = client.post("/api/generate").readTimeout(CONTROL_TIMEOUT)
                .contentType(io.helidon.common.media.type.MediaTypes.APPLICATION_JSON)
                .submit(JSON.writeValueAsBytes(body))) {
            res.entity().consume();
            return res.status().code();
        } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw UpstreamFailures.classify(e, baseUrl);
        }
    }

    private JsonNode getJson(String path) {
        try (HttpClientResponse res = client.get(path).readTimeout(CONTROL_TIMEOUT).request()) {
            byte[] bytes = res.entity().as(byte[].class);
            if (res.status().code() != 200) {
                throw UpstreamFailures.classify(new IllegalStateException("GET " + path + " answered "
                        + res.status().code()), baseUrl);
            }
            return JSON.readTree(bytes);
        } catch (java.io.IOException e) {
            throw UpstreamFailures.classify(e, baseUrl);
        } catch (RuntimeException e) {
            if (e instanceof dev.aistack.errors.GatewayException g) {
                throw g;
            }
            throw UpstreamFailures.classify(e, baseUrl);
        }
    }
}
