package dev.aistack.access;

import dev.aistack.errors.ErrorCode;
import dev.aistack.errors.GatewayException;
import dev.aistack.store.StateStoreException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Policy steps 1 and 2: who is calling (Authorization: Bearer, else x-api-key) and whether that key is still in
 * standing. Static keys are compared by digest, all of them every time; a managed secret is found by its digest
 * with one store read. No secret is compared byte by byte in a way that could leak timing, and none is kept.
 */
final class Authenticator {
    static final io.helidon.http.HeaderName X_API_KEY = HeaderNames.create("x-api-key");

    private final List<String> staticDigests;
    private final KeyDigest staticDigest;
    private final KeyDigest managedDigest; // null: no pepper, so no managed key can be checked here
    private final KeyStore keys;
    private final Clock clock;

    Authenticator(List<String> staticKeys, Optional<String> pepper, KeyStore keys, Clock clock) {
        this.staticDigest = KeyDigest.ephemeral();
        this.staticDigests = staticKeys.stream().map(staticDigest::digest).toList();
        this.managedDigest = pepper.map(KeyDigest::keyedBy).orElse(null);
        this.keys = keys;
        this.clock = clock;
    }

    /** Open mode: no static key, and no managed key was ever created in the store. */
    boolean open() {
        if (!staticDigests.isEmpty()) {
            return false;
        }
        if (managedDigest == null) {
            return true;
        }
        try {
            return !keys.anyExist();
        } catch (StateStoreException e) {
            throw storeDown(e); // fail closed: never serve openly because the store could not say
        }
    }

    /** Steps 1 and 2; throws the 401 or 403 that answers the request. */
    Caller authenticate(Headers headers) {
        String presented = presented(headers);
        String digest = staticDigest.digest(presented);
        boolean isStatic = false;
        for (String d : staticDigests) {
            isStatic |= KeyDigest.same(d, digest); // no early exit: the time does not tell which key matched
        }
        if (isStatic) {
            return Caller.STATIC;
        }
        if (managedDigest == null || !Secrets.wellFormed(presented)) {
            throw invalid();
        }
        ApiKey key;
        try {
            key = keys.findByDigest(managedDigest.digest(presented)).orElseThrow(Authenticator::invalid);
        } catch (StateStoreException e) {
            throw storeDown(e);
        }
        if (key.expired(clock.instant())) {
            throw new GatewayException(ErrorCode.KEY_EXPIRED, "This API key expired at " + key.expiresAt() + ".");
        }
        if (key.revoked()) {
            throw new GatewayException(ErrorCode.KEY_REVOKED, "This API key was revoked at " + key.revokedAt() + ".");
        }
        return Caller.managed(key);
    }

    private static String presented(Headers headers) {
        Optional<String> authorization = headers.first(HeaderNames.AUTHORIZATION);
        if (authorization.isPresent()) {
            String value = authorization.get().trim();
            if (value.length() > 7 && value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
                return value.substring(7).trim();
            }
        }
        Optional<String> apiKey = headers.first(X_API_KEY).map(String::trim).filter(s -> !s.isEmpty());
        if (apiKey.isPresent()) {
            return apiKey.get();
        }
        if (authorization.isPresent()) {
            throw invalid(); // some other scheme (Basic...): a credential, but not one of ours
        }
        throw new GatewayException(ErrorCode.MISSING_API_KEY, "This gateway requires an API key: send it as "
                + "Authorization: Bearer <key> or x-api-key: <key>.");
    }

    private static GatewayException invalid() {
        return new GatewayException(ErrorCode.INVALID_API_KEY, "The API key is not valid (unknown, malformed or "
                + "rotated). The key itself is never shown or logged.");
    }

    static GatewayException storeDown(StateStoreException e) {
        return new GatewayException(ErrorCode.STATE_STORE_UNAVAILABLE, "API keys cannot be checked: the state store "
                + "does not answer. Retry shortly.", null, e);
    }
}
