package dev.aistack.config;

import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * The API key settings (AISTACK_API_KEYS, _KEY_PEPPER, _ADMIN_TOKEN, _TRUSTED_PROXIES, _QUOTA_TIME_ZONE), validated.
 * Secrets never appear in {@link #toString()}.
 */
public record AccessSettings(List<String> staticKeys, Optional<String> keyPepper, Optional<String> adminToken,
                             List<String> trustedProxies, ZoneId quotaTimeZone) {
    public static final AccessSettings OPEN = new AccessSettings(List.of(), Optional.empty(), Optional.empty(),
            List.of(), ZoneId.of("UTC"));

    public AccessSettings {
        staticKeys = List.copyOf(staticKeys);
        trustedProxies = List.copyOf(trustedProxies);
    }

    @Override
    public String toString() {
        return "AccessSettings[static keys=" + staticKeys.size() + ", pepper=" + keyPepper.isPresent() + ", admin="
                + adminToken.isPresent() + ", trusted proxies=" + trustedProxies + ", quota zone=" + quotaTimeZone + "]";
    }
}
