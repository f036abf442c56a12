package dev.aistack.access;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aistack.generated.api.IdentityService;
import dev.aistack.store.StateStoreException;
import io.helidon.http.HttpMediaTypes;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** GET /v1/me: the calling key, its policy, its usage and what is left (generated IdentityService). */
final class CallingKey implements IdentityService {
    private final Gate gate;
    private final UsageReport usage;

    CallingKey(Gate gate, UsageReport usage) {
        this.gate = gate;
        this.usage = usage;
    }

    @Override
    public void getCallingKey(ServerRequest req, ServerResponse res) {
        Caller caller = gate.require(req);
        ObjectNode n = ApiKey.JSON.createObjectNode();
        n.put("id", caller.id());
        n.put("object", "calling_key");
        if (caller.isStatic()) {
            n.put("name", Caller.STATIC_ID);
            for (String f : new String[]{"owner", "hint", "expires_at", "policy", "usage", "rate_limit"}) {
                n.putNull(f);
            }
        } else {
            ApiKey key = caller.key();
            ObjectNode all = key.toJson();
            n.set("name", all.get("name"));
            n.set("owner", all.get("owner"));
            n.set("hint", all.get("hint"));
            n.set("expires_at", all.get("expires_at"));
            ObjectNode policy = n.putObject("policy");
            Policy.FIELDS.forEach(f -> policy.set(f, all.get(f)));
            try {
                n.set("usage", usage.tokens(key));
                n.set("rate_limit", usage.requests(key));
            } catch (StateStoreException e) {
                throw Authenticator.storeDown(e);
            }
        }
        res.headers().contentType(HttpMediaTypes.JSON_UTF_8);
        res.send(n.toString());
    }
}
