package dev.aistack.config;

import dev.aistack.access.Cidr;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Reads and checks the API key settings; a bad value stops start-up, and no message ever repeats a secret. */
final class AccessSettingsReader {
    static final int MIN_SECRET_LENGTH = 16;

    private AccessSettingsReader() {
    }

    static AccessSettings read(Function<Setting, String> text) {
        List<String> keys = new ArrayList<>();
        for (String k : text.apply(Setting.API_KEYS).split(",")) {
            String key = k.trim();
            if (!key.isEmpty()) {
                keys.add(secret(Setting.API_KEYS, key));
            }
        }
        Optional<String> pepper = optionalSecret(Setting.KEY_PEPPER, text.apply(Setting.KEY_PEPPER));
        Optional<String> admin = optionalSecret(Setting.ADMIN_TOKEN, text.apply(Setting.ADMIN_TOKEN));
        if (admin.isPresent() && pepper.isEmpty()) {
            throw new ConfigException(Setting.ADMIN_TOKEN.env() + " is set but " + Setting.KEY_PEPPER.env()
                    + " is not: managed keys are stored as HMAC digests keyed by the pepper. Set "
                    + Setting.KEY_PEPPER.env() + " (the same on every replica sharing a store).");
        }
        List<String> proxies = new ArrayList<>();
        for (String p : text.apply(Setting.TRUSTED_PROXIES).split(",")) {
            String cidr = p.trim();
            if (cidr.isEmpty()) {
                continue;
            }
            if (Cidr.parse(cidr).isEmpty()) {
                throw new ConfigException(Setting.TRUSTED_PROXIES.env() + " has \"" + cidr + "\", which is not a CIDR: "
                        + "expected a comma-separated list such as 10.0.0.0/8,::1/128.");
            }
            proxies.add(cidr);
        }
        String zone = text.apply(Setting.QUOTA_TIME_ZONE);
        ZoneId zoneId;
        try {
            zoneId = ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new ConfigException(Setting.QUOTA_TIME_ZONE.env() + "=\"" + zone + "\" is invalid: expected a time "
                    + "zone id such as UTC, Europe/Paris or America/New_York.");
        }
        return new AccessSettings(keys, pepper, admin, proxies, zoneId);
    }

    private static Optional<String> optionalSecret(Setting s, String value) {
        return value.isBlank() ? Optional.empty() : Optional.of(secret(s, value.trim()));
    }

    private static String secret(Setting s, String value) {
        if (value.length() < MIN_SECRET_LENGTH || value.chars().anyMatch(c -> c <= ' ' || c == 127)) {
            throw new ConfigException(s.env() + " is invalid: each value must be at least " + MIN_SECRET_LENGTH
                    + " characters without spaces or control characters (value not shown: it is a secret).");
        }
        return value;
    }
}
