import java.nio.file.Path;

/**
 * nginx configurations of the run. Both run as a single process (master_process off: one worker, and its pid is
 * the one whose CPU and memory are read), log to files under the run's directory and keep connections alive
 * for as long as a run lasts.
 */
final class Nginx {
    private Nginx() {
    }

    /**
     * The fake Ollama, much faster than any proxy in front of it: Ollama's /v1 bytes (OLLAMA_WIRE.md §4.2).
     * A chat request answers one small completion; with "stream":true, 50 SSE events flushed one by one as Ollama
     * does, then [DONE]; with the model "slow-N", N events one second apart (the open-streams figure).
     * /api/generate answers the gateway's keep_alive call, /api/version its health probe.
     */
    static String upstream(int port, Path dir) {
        return common(dir, true) + """
                    access_log off;
                    keepalive_requests 100000000;
                    keepalive_timeout 300s;
                    client_body_buffer_size 1m;
                    client_max_body_size 16m;
                    init_by_lua_block {
                        local head = [==[data: {"id":"chatcmpl-981","object":"chat.completion.chunk","created":1740569824,"model":"llama3.2:1b","system_fingerprint":"fp_ollama","choices":[{"index":0,]==]
                        fake = {
                            answer = [==[{"id":"chatcmpl-431","object":"chat.completion","created":1740569824,"model":"llama3.2:1b","system_fingerprint":"fp_ollama","choices":[{"index":0,"message":{"role":"assistant","content":"Hello! How can I help?"},"finish_reason":"stop"}],"usage":{"prompt_tokens":30,"completion_tokens":17,"total_tokens":47}}]==] .. "\\n",
                            first = head .. [==["delta":{"role":"assistant","content":"Hello"},"finish_reason":null}]}]==] .. "\\n\\n",
                            token = head .. [==["delta":{"content":" tok"},"finish_reason":null}]}]==] .. "\\n\\n",
                            finish = head .. [==["delta":{},"finish_reason":"stop"}]}]==] .. "\\n\\n",
                            done = "data: [DONE]\\n\\n",
                        }
                    }
                    server {
                        listen 127.0.0.1:%d backlog=4096;
                        location = /v1/chat/completions {
                            content_by_lua_block {
                                ngx.req.read_body()
                                local body = ngx.req.get_body_data() or ""
                                if not body:find('"stream"%%s*:%%s*true') then
                                    ngx.header.content_type = "application/json; charset=utf-8"
                                    ngx.header.content_length = #fake.answer
                                    ngx.print(fake.answer)
                                    return
                                end
                                ngx.header.content_type = "text/event-stream"
                                local slow = tonumber(body:match('"model"%%s*:%%s*"slow%%-(%%d+)"'))
                                local n = slow or 50
                                for i = 1, n do
                                    if slow and i > 1 then ngx.sleep(1) end
                                    ngx.print(i == 1 and fake.first or (i == n and fake.finish or fake.token))
                                    ngx.flush(false)
                                end
                                ngx.print(fake.done)
                            }
                        }
                        location = /api/generate {
                            default_type "application/json; charset=utf-8";
                            return 200 '{"model":"llama3.2:1b","created_at":"2026-12-01T10:00:00Z","response":"","done":true,"done_reason":"load"}';
                        }
                        location = /api/version {
                            default_type "application/json; charset=utf-8";
                            return 200 '{"version":"0.32.15"}';
                        }
                        location / {
                            default_type "application/json; charset=utf-8";
                            return 200 '{"models":[]}';
                        }
                    }
                }
                """.formatted(port);
    }

    /** The reference proxy: nginx 1.22 as one would put it before Ollama for streaming (no buffering, pooled upstream). */
    static String proxy(int port, int upstreamPort, Path dir) {
        return common(dir, false) + """
                    access_log %s/proxy-access.log;
                    keepalive_requests 100000000;
                    keepalive_timeout 300s;
                    client_max_body_size 16m;
                    upstream ollama {
                        server 127.0.0.1:%d;
                        keepalive 256;
                        keepalive_requests 100000000;
                    }
                    server {
                        listen 127.0.0.1:%d backlog=4096;
                        location / {
                            proxy_pass http://ollama;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                            proxy_buffering off;
                            proxy_read_timeout 600s;
                        }
                    }
                }
                """.formatted(dir, upstreamPort, port);
    }

    private static String common(Path dir, boolean lua) {
        long files = ProcStats.openFilesLimit();
        String modules = lua ? """
                load_module /usr/lib/nginx/modules/ndk_http_module.so;
                load_module /usr/lib/nginx/modules/ngx_http_lua_module.so;
                """ : "";
        return modules + """
                daemon off;
                master_process off;
                worker_processes 1;
                worker_rlimit_nofile %3$d;
                pid %1$s/nginx-%2$d.pid;
                events { worker_connections %4$d; }
                """.formatted(dir, System.nanoTime(), files, files - 100) + tempPaths(dir);
    }

    /** nginx's temporary files go inside the run's directory (the defaults are under /var/lib/nginx). */
    private static String tempPaths(Path dir) {
        StringBuilder sb = new StringBuilder("http {\n");
        for (String kind : new String[]{"client_body", "proxy", "fastcgi", "uwsgi", "scgi"}) {
            sb.append("    ").append(kind).append("_temp_path ").append(dir).append("/temp-").append(kind).append(";\n");
        }
        return sb.toString();
    }
}
