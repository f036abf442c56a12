import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/**
 * The floor of the fixed stack: the least a Helidon SE proxy does for the benchmark's calls, on the gateway's
 * libraries and JVM flags, measured in the same runs. It reads the body, posts it upstream with the WebClient
 * (keep-alive pool, TCP_NODELAY on both sides, as the gateway) and relays the answer: a whole body at once, a stream
 * flushed after each upstream read. Nothing else: no routing table, policy, slot, task, watch, usage, log or metric.
 * So "aistack / floor" is what the gateway's own work costs, and "floor / nginx" what the stack itself reaches.
 *
 *   java @bin/jvm.options -cp <bench classes>:target/libs/* Floor PORT UPSTREAM_PORT
 */
public final class Floor {
    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        WebClient upstream = WebClient.builder().baseUri("http://127.0.0.1:" + args[1])
                .socketOptions(so -> so.tcpNoDelay(true)).readTimeout(Duration.ofSeconds(600))
                .proxy(io.helidon.webclient.api.Proxy.noProxy()).build();
        WebServer.builder().host("127.0.0.1").port(port)
                .connectionOptions(so -> so.tcpNoDelay(true))
                .routing(r -> r.get("/healthz", (req, res) -> res.send("ok"))
                        .post("/v1/chat/completions", (req, res) -> relay(upstream, req, res)))
                .build().start();
    }

    private static void relay(WebClient upstream, ServerRequest req, ServerResponse res) throws IOException {
        byte[] body = req.content().inputStream().readAllBytes();
        try (HttpClientResponse up = upstream.post("/v1/chat/completions")
                .header(HeaderValues.CONTENT_TYPE_JSON).submit(body)) {
            res.status(up.status());
            String type = up.headers().first(HeaderNames.CONTENT_TYPE).orElse("application/json");
            res.header(HeaderNames.CONTENT_TYPE, type);
            InputStream in = up.inputStream();
            if (!type.startsWith("text/event-stream")) {
                long length = up.headers().contentLength().orElse(-1);
                byte[] answer = length < 0 ? in.readAllBytes() : in.readNBytes((int) length);
                in.read(); // the end of the entity: its connection goes back to the pool
                res.send(answer);
                return;
            }
            try (OutputStream out = res.outputStream()) {
                byte[] buf = new byte[8192];
                for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            }
        }
    }
}
