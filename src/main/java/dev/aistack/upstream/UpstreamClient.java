package dev.aistack.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aistack.errors.GatewayException;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.common.tls.Tls;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpMediaTypes;
import io.helidon.http.Method;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * The HTTP conversation with one backend node: forwarding client requests as bytes, and the few calls the gateway
 * makes on its own (discovery, keep_alive, probes). Failures become catalog errors worded by {@code failures}.
 */
public final class UpstreamClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    // The gateway's own calls are small and local; they must never hold a request for long.
    private static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(5);
    private static final HeaderName REQUEST_ID = HeaderNames.create("X-Request-Id");

    private final WebClient client;
    private final String baseUrl;
    private final UpstreamFailures failures;
    private final String bearer;

    public UpstreamClient(URI url, Duration connectTimeout, Duration readTimeout,
                          UpstreamFailures failures) {
        this(url, connectTimeout, readTimeout, failures, null);
    }

    /** bearer: the node's own API key (an OpenAI-compatible server or remote provider), or null. */
    public UpstreamClient(URI url, Duration connectTimeout, Duration readTimeout, UpstreamFailures failures,
                          String bearer) {
        this.bearer = bearer;
        String s = url.toString();
        this.baseUrl = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
        this.failures = failures;
        this.client = WebClient.builder()
                .baseUri(url)
                .connectTimeout(connectTimeout)
                .readTimeout(readTimeout)
                .followRedirects(false)
                .sendExpectContinue(false)
                // Without TCP_NODELAY small writes wait for the backend's delayed ACK (Nagle).
                .socketOptions(so -> so.tcpNoDelay(true))
                // Backends are called directly: the default (system) proxy setting adds Proxy-Connection to every call.
                .proxy(io.helidon.webclient.api.Proxy.noProxy())
                // Helidon's default TLS builds an SSL context at once, parsing the JDK's ~150 trusted certificates:
                // about 2 MB of memory for a node spoken to in plain HTTP, which most are (on the same host or LAN).
                .tls(Tls.builder().enabled("https".equalsIgnoreCase(url.getScheme())).build())
                .build();
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** The options of its sockets (TCP_NODELAY, timeouts). */
    public io.helidon.common.socket.SocketOptions socketOptions() {
        return client.prototype().socketOptions();
    }

    /** How this backend's failures are worded. */
    public UpstreamFailures failures() {
        return failures;
    }

    /**
     * Sends the client's body byte for byte. The caller owns the response and must close it; closing it before
     * the body is read closes the connection, which is how the backend learns to stop generating.
     */
    public HttpClientResponse forward(Method method, String path, Headers clientHeaders, ForwardedHeaders.Peer peer,
                                      String requestId, byte[] body) {
        // The raw path and query exactly as the client sent them: path() alone would percent-encode them again.
        HttpClientRequest request = client.method(method).skipUriEncoding(true)
                .path(dev.aistack.http.RequestTarget.verbatim(path));
        ForwardedHeaders.toBackend(clientHeaders, peer, (name, value) -> request.headers().add(name, value));
        request.headers().set(REQUEST_ID, requestId); // the gateway's id, also when it made one up
        if (bearer != null) {
            request.headers().set(HeaderNames.AUTHORIZATION, "Bearer " + bearer);
        }
        if (body.length > 0 && !request.headers().contains(HeaderNames.CONTENT_TYPE)) {
            request.headers().contentType(HttpMediaTypes.JSON_UTF_8);
        }
        try {
            return request.submit(body);
        } catch (RuntimeException e) {
            throw failures.classify(e);
        }
    }

    /** GET a JSON document; a non-200 answer or no answer is a catalog error. */
    public JsonNode getJson(String path) {
        HttpClientRequest get = client.get(path).readTimeout(CONTROL_TIMEOUT);
        if (bearer != null) {
            get.headers().set(HeaderNames.AUTHORIZATION, "Bearer " + bearer);
        }
        try (HttpClientResponse res = get.request()) {
            byte[] bytes = res.entity().as(byte[].class);
            if (res.status().code() != 200) {
                throw failures.classify(new IllegalStateException("GET " + path + " answered " + res.status().code()));
            }
            return JSON.readTree(bytes);
        } catch (GatewayException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw failures.classify(e);
        }
    }

    /** POST a small JSON document the gateway wrote itself and read the JSON answer; a non-200 is a catalog error. */
    public JsonNode postJsonForJson(String path, JsonNode body) {
        try (HttpClientResponse res = client.post(path).readTimeout(CONTROL_TIMEOUT)
                .contentType(MediaTypes.APPLICATION_JSON).submit(JSON.writeValueAsBytes(body))) {
            byte[] bytes = res.entity().as(byte[].class);
            if (res.status().code() != 200) {
                throw failures.classify(new IllegalStateException("POST " + path + " answered " + res.status().code()));
            }
            return JSON.readTree(bytes);
        } catch (GatewayException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw failures.classify(e);
        }
    }

    /** POST a small JSON document the gateway wrote itself; returns the status, the answer is discarded. */
    public int postJson(String path, JsonNode body) {
        try (HttpClientResponse res = client.post(path).readTimeout(CONTROL_TIMEOUT)
                .contentType(MediaTypes.APPLICATION_JSON).submit(JSON.writeValueAsBytes(body))) {
            res.entity().consume();
            return res.status().code();
        } catch (IOException | RuntimeException e) {
            throw failures.classify(e);
        }
    }
}
