package dev.aistack.access;

import dev.aistack.store.StateStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Managed keys in the state store, so every replica sharing it sees a change at once. Three kinds of entries:
 * {@code apikey:<id>} the record, {@code apikey-digest:<hmac>} the id a secret's digest belongs to (the lookup: one
 * read, no scan), and the {@code apikeys} index (the list, newest first). No entry holds a secret.
 */
final class KeyStore {
    // The store API needs a TTL; keys live until revoked, so "practically forever".
    static final Duration FOREVER = Duration.ofDays(36_500);
    private static final String INDEX = "apikeys";
    private static final String EXIST = "apikeys-exist";
    private static final String SEQUENCE = "apikeys-sequence";
    private static final int INDEX_SIZE = 1_000_000;

    private final StateStore store;
    private volatile boolean anyKnown;

    KeyStore(StateStore store) {
        this.store = store;
    }

    /** Whether a managed key was ever created in this store (then keys are required); only ever turns true. */
    boolean anyExist() {
        if (!anyKnown) {
            anyKnown = store.get(EXIST).isPresent();
        }
        return anyKnown;
    }

    void create(ApiKey key) {
        store.put(EXIST, "1", FOREVER);
        anyKnown = true;
        save(key);
        store.put(digestKey(key.digest()), key.id(), FOREVER);
        // An atomic sequence, not the time: keys created in the same second (on any replica) keep their order.
        store.indexAdd(INDEX, key.id(), store.add(SEQUENCE, 1, FOREVER), INDEX_SIZE);
    }

    void save(ApiKey key) {
        store.put(recordKey(key.id()), key.toStored(), FOREVER);
    }

    /** The new digest is findable before the old one goes, so the key never answers 401 in between. */
    void rotate(ApiKey before, ApiKey after) {
        store.put(digestKey(after.digest()), after.id(), FOREVER);
        save(after);
        store.delete(digestKey(before.digest()));
    }

    Optional<ApiKey> find(String id) {
        return store.get(recordKey(id)).map(ApiKey::fromStored);
    }

    /** The key whose secret has this digest. The record's own digest is compared again, in constant time. */
    Optional<ApiKey> findByDigest(String digest) {
        return store.get(digestKey(digest)).flatMap(this::find).filter(k -> KeyDigest.same(k.digest(), digest));
    }

    List<ApiKey> newest(int limit) {
        List<ApiKey> out = new ArrayList<>();
        for (String id : store.indexNewest(INDEX, limit)) {
            find(id).ifPresent(out::add);
        }
        return out;
    }

    private static String recordKey(String id) {
        return "apikey:" + id;
    }

    private static String digestKey(String digest) {
        return "apikey-digest:" + digest;
    }
}
