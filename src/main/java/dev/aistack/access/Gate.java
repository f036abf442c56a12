package dev.aistack.access;

import dev.aistack.errors.ErrorCode;
import dev.aistack.errors.GatewayException;
import dev.aistack.http.RequestInfo;
import dev.aistack.store.StateStoreException;
import dev.aistack.usage.Usage;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The policy, in its order: 1 key valid, 2 not expired or revoked, 3 client address, 4 Origin/Referer domain (these
 * four for every protected route: {@link #identify}), then for inference requests 5 rate limit, 6 quota, 7 model
 * binding, 8 shaping ({@link #admit}). A refused request never reaches the backend and never holds a GPU slot.
 */
public final class Gate {
    private static final Logger LOG = Logger.getLogger(Gate.class.getName());

    private final Authenticator authenticator;
    private final ClientAddress clientAddress;
    private final RateLimit rateLimit;
    private final Quotas quotas;
    private final TaskOwners owners;
    private final KeyMetrics metrics;

    Gate(Authenticator authenticator, ClientAddress clientAddress, RateLimit rateLimit, Quotas quotas,
         TaskOwners owners, KeyMetrics metrics) {
        this.authenticator = authenticator;
        this.clientAddress = clientAddress;
        this.rateLimit = rateLimit;
        this.quotas = quotas;
        this.owners = owners;
        this.metrics = metrics;
    }

    /**
     * Steps 1 to 4; the caller, or empty in open mode. Remembered on the request, so the route's handler and
     * {@link #admit} find it without checking again.
     */
    public Optional<Caller> identify(ServerRequest req) {
        Optional<Caller> known = req.context().get(Identified.class).map(Identified::caller);
        if (req.context().get(Identified.class).isPresent()) {
            return known;
        }
        Optional<Caller> caller;
        try {
            caller = authenticator.open() ? Optional.empty() : Optional.of(checked(req));
        } catch (GatewayException e) {
            metrics.rejected(KeyMetrics.UNKNOWN, e.code().code());
            throw e;
        }
        req.context().register(new Identified(caller.orElse(null)));
        caller.ifPresent(c -> RequestInfo.of(req).keyId(c.id()));
        return caller;
    }

    /** Like {@link #identify}, for routes that exist only for keys (/v1/me): open mode has no caller to show. */
    public Caller require(ServerRequest req) {
        return identify(req).orElseThrow(() -> new GatewayException(ErrorCode.MISSING_API_KEY, "No API key is "
                + "configured on this gateway (open mode), so there is no calling key to describe."));
    }

    private Caller checked(ServerRequest req) {
        Caller caller = authenticator.authenticate(req.headers());
        if (caller.isStatic()) {
            return caller;
        }
        try {
            Policy policy = caller.key().policy();
            if (!policy.allowedIps().isEmpty()) {
                Optional<InetAddress> address = clientAddress.of(req);
                if (address.isEmpty() || policy.allowedIps().stream().noneMatch(c -> c.contains(address.get()))) {
                    throw new GatewayException(ErrorCode.IP_NOT_ALLOWED, "This key may not be used from "
                            + address.map(InetAddress::getHostAddress).orElse("this address") + ".");
                }
            }
            if (!policy.allowedDomains().isEmpty() && !Origins.allowed(req.headers(), policy.allowedDomains())) {
                throw new GatewayException(ErrorCode.DOMAIN_NOT_ALLOWED, "This key may only be used from pages of "
                        + String.join(", ", policy.allowedDomains()) + " (checked against Origin, else Referer).");
            }
        } catch (GatewayException e) {
            metrics.rejected(caller.id(), e.code().code());
            throw e;
        }
        return caller;
    }

    /**
     * Steps 1 to 8 for one inference request whose body has been read ({@code model}: its "model" field); sets the
     * x-ratelimit-* headers.
     */
    public Admission admit(ServerRequest req, ServerResponse res, byte[] body, String model) {
        Shaper.Api api = Shaper.api(req.prologue().uriPath().rawPath());
        Optional<Caller> caller = identify(req);
        if (caller.isEmpty() || caller.get().isStatic()) {
            String id = caller.map(Caller::id).orElse(null);
            if (id != null) {
                claimTask(req, id);
                metrics.admitted(id);
            }
            return new Admission(Shaper.shape(body, model, api, null), model, id, null, usage -> {
                if (id != null) {
                    metrics.tokens(id, usage);
                }
            });
        }
        ApiKey key = caller.get().key();
        try {
            limitRate(res, key);
            quota(key);
            byte[] shaped = Shaper.shape(body, model, api, key.policy());
            claimTask(req, key.id());
            metrics.admitted(key.id());
            String bound = key.policy().model() != null ? key.policy().model() : model;
            return new Admission(shaped, bound, key.id(), key.policy().cluster(), usage -> charge(key, usage));
        } catch (AccessRefusal e) {
            metrics.rejected(key.id(), e.error().code().code());
            throw e;
        } catch (GatewayException e) {
            metrics.rejected(key.id(), e.code().code());
            throw e;
        } catch (StateStoreException e) {
            metrics.rejected(key.id(), ErrorCode.STATE_STORE_UNAVAILABLE.code());
            throw Authenticator.storeDown(e); // fail closed: limits that cannot be checked are not skipped
        }
    }

    private void limitRate(ServerResponse res, ApiKey key) {
        Long rpm = key.policy().rpm();
        // Keys without rpm are counted too (without a limit), so their usage shows requests this minute.
        RateLimit.State state = rateLimit.take(key.id(), rpm == null ? Long.MAX_VALUE : rpm);
        if (rpm == null) {
            return;
        }
        Map<String, String> headers = RateHeaders.of(state);
        if (!state.admitted()) {
            headers.put("Retry-After", Long.toString(state.retryAfterSeconds()));
            throw new AccessRefusal(new GatewayException(ErrorCode.RATE_LIMIT_EXCEEDED, "This key may send " + rpm
                    + " requests per minute; retry after " + state.retryAfterSeconds() + " s."), headers);
        }
        headers.forEach(res::header);
    }

    private void quota(ApiKey key) {
        quotas.exhausted(key).ifPresent(x -> {
            long seconds = Math.max(1, (x.untilReset().toMillis() + 999) / 1000);
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Retry-After", Long.toString(seconds));
            headers.put("x-should-retry", "false"); // SDKs would otherwise retry a wall that stays for hours
            String scope = key.policy().quotaScope() == Policy.QuotaScope.OWNER ? "owner " + key.owner() : "this key";
            throw new AccessRefusal(new GatewayException(ErrorCode.QUOTA_EXCEEDED, "The " + x.window().label
                    + " token quota of " + scope + " (" + x.limit() + " tokens) is used up; it resets in " + seconds
                    + " s."), headers);
        });
    }

    private void claimTask(ServerRequest req, String keyId) {
        String taskId = RequestInfo.of(req).taskId();
        if (taskId != null) {
            owners.claim(taskId, keyId);
        }
    }

    private void charge(ApiKey key, Usage usage) {
        metrics.tokens(key.id(), usage);
        try {
            quotas.charge(key, usage.totalTokens());
        } catch (StateStoreException e) {
            // The answer is already sent; losing one charge beats failing a finished request.
            LOG.log(Level.WARNING, "quota charge lost", new Object[]{Map.of("key_id", key.id(), "tokens",
                    usage.totalTokens(), "error", String.valueOf(e.getMessage()))});
        }
    }

    /** The outcome of {@link #identify} for one request (caller null: open mode). */
    private record Identified(Caller caller) {
    }
}
