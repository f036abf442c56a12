package dev.aistack.config;

import java.util.List;

/** One documented setting: its environment variable, YAML key and default. The list is the reference. */
public enum Setting {
    HOST("AISTACK_HOST", "127.0.0.1", "Address to listen on; 0.0.0.0 to accept other machines."),
    PORT("AISTACK_PORT", "11535", "TCP port to listen on (0 picks a free port)."),
    OLLAMA_URL("AISTACK_OLLAMA_URL", "http://127.0.0.1:11434", "Base URL of the Ollama server."),
    GPU_SLOTS("AISTACK_GPU_SLOTS", "1", "Upstream calls allowed in flight at once; the next one gets 503 gpu_busy."),
    GPU_RETRY_AFTER("AISTACK_GPU_RETRY_AFTER", "1", "Seconds sent in Retry-After with gpu_busy and backend_unreachable."),
    KEEP_ALIVE_DEFAULT("AISTACK_KEEP_ALIVE_DEFAULT", "30s", "keep_alive applied when a request names none."),
    MAX_BODY_BYTES("AISTACK_MAX_BODY_BYTES", "16777216", "Largest request body accepted (bytes); larger gets 413."),
    UPSTREAM_CONNECT_TIMEOUT("AISTACK_UPSTREAM_CONNECT_TIMEOUT", "5s", "Time allowed to connect to the backend."),
    UPSTREAM_TIMEOUT("AISTACK_UPSTREAM_TIMEOUT", "600s",
            "Longest wait for the backend's next bytes (first byte includes model load); then 504."),
    CLIENT_IDLE_TIMEOUT("AISTACK_CLIENT_IDLE_TIMEOUT", "30s",
            "A client that accepts no bytes for this long while the gateway has bytes for it is cut (slot freed)."),
    REQUEST_HEAD_TIMEOUT("AISTACK_REQUEST_HEAD_TIMEOUT", "10s",
            "Longest time to receive a request's line and headers; then the connection is closed (slowloris)."),
    REQUEST_BODY_TIMEOUT("AISTACK_REQUEST_BODY_TIMEOUT", "30s",
            "Longest pause while receiving a request body; then 408 and the connection is closed."),
    MAX_CONNECTIONS("AISTACK_MAX_CONNECTIONS", "20000",
            "Client connections open at once; past it new connections get 503 server_busy and are closed."),
    MAX_ATTEMPTS("AISTACK_MAX_ATTEMPTS", "3",
            "Nodes tried per request at most (failover happens only before the first byte reaches the client)."),
    BREAKER_FAILURES("AISTACK_BREAKER_FAILURES", "5",
            "Consecutive failures after which a node's circuit breaker opens and the node is skipped."),
    BREAKER_COOLDOWN("AISTACK_BREAKER_COOLDOWN", "30s",
            "How long an open breaker skips its node before one probe request decides (half-open)."),
    PROBE_INTERVAL("AISTACK_PROBE_INTERVAL", "10s",
            "How often each node is probed (cheapest call of its kind) and its models discovered again."),
    SHUTDOWN_GRACE("AISTACK_SHUTDOWN_GRACE", "30s", "On SIGTERM, how long in-flight requests may take to finish."),
    REDIS_URL("AISTACK_REDIS_URL", "",
            "Redis for shared state (task status; later rate limits, quotas, keys): redis://[user:password@]host:port/db "
                    + "or rediss:// for TLS. Empty: in-memory state, single process."),
    REDIS_PREFIX("AISTACK_REDIS_PREFIX", "aistack:", "Prefix of every key the gateway writes in Redis."),
    REDIS_TIMEOUT("AISTACK_REDIS_TIMEOUT", "250ms",
            "Longest wait for one Redis call; a request never waits on task bookkeeping longer than this."),
    TASKS_MAX("AISTACK_TASKS_MAX", "20000", "Task records kept in memory (in-memory store); the oldest go first."),
    TASK_HEARTBEAT("AISTACK_TASK_HEARTBEAT", "10s", "How often a streaming task's RUNNING status is refreshed."),
    TASK_TTL_ACTIVE("AISTACK_TASK_TTL_ACTIVE", "1h", "How long a PENDING/RUNNING task status is kept without an update."),
    TASK_TTL_DONE("AISTACK_TASK_TTL_DONE", "24h", "How long a SUCCESS/FAILED task status is kept."),
    LOG_PROMPTS("AISTACK_LOG_PROMPTS", "false", "Log request bodies (prompts). Off by default: prompts are private."),
    API_KEYS("AISTACK_API_KEYS", "",
            "Static API keys, comma-separated (16+ characters each): full access, no policy. Any key set: keys required."),
    KEY_PEPPER("AISTACK_KEY_PEPPER", "",
            "Secret (16+ characters) keying the HMAC-SHA256 digests managed keys are stored as; the same on every replica."),
    ADMIN_TOKEN("AISTACK_ADMIN_TOKEN", "",
            "Bearer token (16+ characters) of the admin API /admin/v1; empty: that API answers 404. Needs AISTACK_KEY_PEPPER."),
    TRUSTED_PROXIES("AISTACK_TRUSTED_PROXIES", "",
            "CIDRs of reverse proxies whose X-Forwarded-For names the client for allowed_ips; empty: the socket peer."),
    QUOTA_TIME_ZONE("AISTACK_QUOTA_TIME_ZONE", "UTC",
            "Time zone of the token quotas' calendar windows (day, week from Monday, month)."),
    CONFIG_FILE("AISTACK_CONFIG_FILE", "", "Optional YAML file; keys are the variable names without AISTACK_, lower case.");

    private final String env;
    private final String defaultValue;
    private final String description;

    Setting(String env, String defaultValue, String description) {
        this.env = env;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String env() {
        return env;
    }

    /** The YAML key: {@code AISTACK_OLLAMA_URL} is {@code ollama_url}. */
    public String yamlKey() {
        return env.substring("AISTACK_".length()).toLowerCase(java.util.Locale.ROOT);
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    public static List<Setting> all() {
        return List.of(values());
    }
}
