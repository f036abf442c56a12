package dev.aistack.observe;

import dev.aistack.support.GatewayAndOllama;
import dev.aistack.support.FakeOllama;
import dev.aistack.support.Http;
import dev.aistack.support.RunningGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProbesAndMetricsTest {
    @RegisterExtension
    final GatewayAndOllama env = new GatewayAndOllama();

    @Test
    void readyzIsReadyWithTheMeasuredBackendLatency() {
        Http.Response r = Http.get(env.gateway(), "/readyz", "/readyz");
        assertEquals(200, r.status());
        assertTrue(r.text().contains("\"status\":\"ready\""), r.text());
        assertTrue(r.text().matches(".*\"ollama\":\\{[^}]*\"latency_ms\":[0-9.]+.*"), r.text());
    }

    @Test
    void metricsCountRequestsAndTimeTheUpstreamAndStreams() {
        Http.postJson(env.gateway(), "/v1/chat/completions", "{\"model\":\"llama3.2:1b\",\"stream\":true,\"messages\":[]}");
        Http.postJson(env.gateway(), "/v1/chat/completions", "{bad");
        String m = Http.get(env.gateway(), "/metrics", "/metrics").text();
        assertTrue(m.contains("aistack_requests_total{method=\"POST\",route=\"/v1/chat/completions\",status=\"200\"} 1.0"), m);
        assertTrue(m.contains("aistack_requests_total{method=\"POST\",route=\"/v1/chat/completions\",status=\"400\"} 1.0"), m);
        assertTrue(m.contains("aistack_request_duration_seconds_bucket{method=\"POST\",route=\"/v1/chat/completions\","
                + "status=\"200\",le=\"+Inf\"} 1"), m);
        assertTrue(m.contains("aistack_upstream_duration_seconds_count{node=\"ollama\",outcome=\"ok\",route=\"/v1/chat/completions\"} 1"), m);
        assertTrue(m.contains("aistack_stream_time_to_first_byte_seconds_count{route=\"/v1/chat/completions\"} 1"), m);
        assertTrue(m.contains("aistack_gpu_slots_in_use{node=\"ollama\"} 0.0"), m);
        assertTrue(m.contains("aistack_gpu_slot_rejected_total "), m);
    }
}
