package dev.aistack.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aistack.errors.ErrorCode;
import dev.aistack.errors.GatewayException;
import dev.aistack.generated.api.AdminService;
import dev.aistack.http.JsonTree;
import dev.aistack.store.StateStoreException;
import io.helidon.http.HttpMediaTypes;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.function.Supplier;

/** /admin/v1/keys: create, list, read, merge-patch, rotate, revoke and usage of managed keys (generated AdminService). */
final class AdminKeys implements AdminService {
    private static final long MAX_BODY = 1 << 20;
    private static final int MAX_LIST = 10_000;

    private final AdminToken token;
    private final KeyStore keys;
    private final KeyDigest digest; // null when the admin API is off (no pepper)
    private final UsageReport usage;
    private final Clock clock;

    AdminKeys(AdminToken token, KeyStore keys, KeyDigest digest, UsageReport usage, Clock clock) {
        this.token = token;
        this.keys = keys;
        this.digest = digest;
        this.usage = usage;
        this.clock = clock;
    }

    @Override
    public void createKey(ServerRequest req, ServerResponse res) {
        token.check(req);
        KeyForm form = KeyForm.parse(JsonTree.readObject(req, MAX_BODY), KeyForm.FROM_CLIENT);
        String secret = Secrets.newSecret();
        ApiKey key = new ApiKey(Secrets.newKeyId(), form.name(), form.owner(), Secrets.hint(secret), now(),
                form.expiresAt(), null, form.policy(), digest.digest(secret));
        write(() -> keys.create(key));
        send(res, Status.CREATED_201, key.toJson().put("key", secret));
    }

    @Override
    public void listKeys(ServerRequest req, ServerResponse res) {
        token.check(req);
        ObjectNode list = ApiKey.JSON.createObjectNode().put("object", "list");
        ArrayNode data = list.putArray("data");
        store(() -> keys.newest(MAX_LIST)).forEach(k -> data.add(k.toJson()));
        send(res, Status.OK_200, list);
    }

    @Override
    public void getKey(ServerRequest req, ServerResponse res) {
        token.check(req);
        send(res, Status.OK_200, find(req).toJson());
    }

    @Override
    public void updateKey(ServerRequest req, ServerResponse res) {
        token.check(req);
        ApiKey key = find(req);
        JsonNode patch = JsonTree.readObject(req, MAX_BODY);
        ObjectNode merged = KeyForm.editable(key);
        for (Map.Entry<String, JsonNode> f : patch.properties()) { // RFC 7396; every key field is a leaf
            if (f.getValue().isNull()) {
                merged.remove(f.getKey());
            } else {
                merged.set(f.getKey(), f.getValue());
            }
        }
        KeyForm form = KeyForm.parse(merged, KeyForm.FROM_CLIENT);
        ApiKey changed = key.withPolicy(form.name(), form.owner(), form.expiresAt(), form.policy());
        write(() -> keys.save(changed));
        send(res, Status.OK_200, changed.toJson());
    }

    @Override
    public void rotateKey(ServerRequest req, ServerResponse res) {
        token.check(req);
        ApiKey key = find(req);
        String secret = Secrets.newSecret();
        ApiKey rotated = key.withSecret(Secrets.hint(secret), digest.digest(secret));
        write(() -> keys.rotate(key, rotated));
        send(res, Status.OK_200, rotated.toJson().put("key", secret));
    }

    @Override
    public void revokeKey(ServerRequest req, ServerResponse res) {
        token.check(req);
        ApiKey key = find(req);
        ApiKey revoked = key.revoked() ? key : key.revokedAt(now());
        write(() -> keys.save(revoked));
        send(res, Status.OK_200, revoked.toJson());
    }

    @Override
    public void getKeyUsage(ServerRequest req, ServerResponse res) {
        token.check(req);
        ApiKey key = find(req);
        ObjectNode n = ApiKey.JSON.createObjectNode();
        n.put("id", key.id());
        n.put("object", "key_usage");
        n.put("quota_scope", key.policy().quotaScope().name().toLowerCase(java.util.Locale.ROOT));
        n.set("tokens", store(() -> usage.tokens(key)));
        n.set("requests", store(() -> usage.requests(key)));
        send(res, Status.OK_200, n);
    }

    private ApiKey find(ServerRequest req) {
        String id = req.path().pathParameters().get("key_id");
        return store(() -> keys.find(id)).orElseThrow(() -> new GatewayException(ErrorCode.KEY_NOT_FOUND,
                "No key " + (id.length() > 80 ? "with that id" : id) + ".", "key_id"));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private static void write(Runnable call) {
        store(() -> {
            call.run();
            return null;
        });
    }

    private static <T> T store(Supplier<T> call) {
        try {
            return call.get();
        } catch (StateStoreException e) {
            throw new GatewayException(ErrorCode.STATE_STORE_UNAVAILABLE, "Keys are unavailable: the state store "
                    + "does not answer. Retry shortly.", null, e);
        }
    }

    private static void send(ServerResponse res, Status status, ObjectNode body) {
        res.status(status);
        res.headers().contentType(HttpMediaTypes.JSON_UTF_8);
        res.send(body.toString());
    }
}
