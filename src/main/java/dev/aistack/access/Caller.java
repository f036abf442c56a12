package dev.aistack.access;

/** Who sent a request: a static key (id "static", no policy) or a managed key. */
public record Caller(String id, ApiKey key) {
    public static final String STATIC_ID = "static";
    static final Caller STATIC = new Caller(STATIC_ID, null);

    static Caller managed(ApiKey key) {
        return new Caller(key.id(), key);
    }

    public boolean isStatic() {
        return key == null;
    }
}
