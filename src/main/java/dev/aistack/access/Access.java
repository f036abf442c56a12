package dev.aistack.access;

import dev.aistack.config.AccessSettings;
import dev.aistack.generated.api.AdminService;
import dev.aistack.generated.api.IdentityService;
import dev.aistack.generated.api.TasksService;
import dev.aistack.http.ErrorResponses;
import dev.aistack.store.StateStore;
import dev.aistack.tasks.TaskTracker;
import io.helidon.webserver.http.HttpRouting;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.time.Duration;

/**
 * API keys and per-key policy, assembled from the settings: the {@link Gate} for the inference path, the filter
 * for the other protected routes, and the services of /admin/v1/keys, /v1/me and key-scoped task status.
 */
public final class Access {
    private final Gate gate;
    private final AdminKeys admin;
    private final CallingKey callingKey;
    private final TaskOwners owners;

    /** @param taskTtl how long a task id stays owned by the key that used it (the task status lifetime) */
    public Access(AccessSettings settings, StateStore store, MeterRegistry registry, Clock clock, Duration taskTtl) {
        KeyStore keys = new KeyStore(store);
        KeyMetrics metrics = new KeyMetrics(registry);
        RateLimit rateLimit = new RateLimit(store, clock);
        Quotas quotas = new Quotas(store, clock, settings.quotaTimeZone());
        this.owners = new TaskOwners(store, taskTtl, clock);
        Authenticator authenticator = new Authenticator(settings.staticKeys(), settings.keyPepper(), keys, clock);
        ClientAddress address = new ClientAddress(settings.trustedProxies().stream()
                .map(c -> Cidr.parse(c).orElseThrow()).toList());
        this.gate = new Gate(authenticator, address, rateLimit, quotas, owners, metrics);
        UsageReport usage = new UsageReport(quotas, rateLimit);
        this.admin = new AdminKeys(new AdminToken(settings.adminToken()), keys,
                settings.keyPepper().map(KeyDigest::keyedBy).orElse(null), usage, clock);
        this.callingKey = new CallingKey(gate, usage);
    }

    /** The policy hook of the inference path: {@code gate().admit(req, res, body)} after the body is read. */
    public Gate gate() {
        return gate;
    }

    /** Steps 1-4 on /v1 and /tasks, and the error answers that carry headers (429s). Call after the access filter. */
    public void registerOn(HttpRouting.Builder routing, ErrorResponses errors) {
        routing.addFilter(new KeyFilter(gate, errors));
        routing.error(AccessRefusal.class, (req, res, e) -> {
            e.headers().forEach(res::header);
            errors.send(req, res, e.error());
        });
    }

    public AdminService adminService() {
        return admin;
    }

    public IdentityService callingKeyService() {
        return callingKey;
    }

    /** Task status in which a key sees only its own tasks (everything as before in open mode). */
    public TasksService ownTasks(TasksService all, TaskTracker tracker) {
        return new OwnTasks(all, tracker, owners, gate);
    }
}
