package dev.aistack.access;

import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Policy step 4: the calling page's host (Origin, else Referer) against the key's allowed_domains. */
final class Origins {
    private static final io.helidon.http.HeaderName ORIGIN = HeaderNames.create("Origin");
    private static final io.helidon.http.HeaderName REFERER = HeaderNames.create("Referer");

    private Origins() {
    }

    static boolean allowed(Headers headers, List<String> allowedDomains) {
        Optional<String> host = host(headers.first(ORIGIN)).or(() -> host(headers.first(REFERER)));
        return host.isPresent() && allowedDomains.stream().anyMatch(d -> matches(d, host.get()));
    }

    /** {@code example.com} is that host only; {@code *.example.com} is any of its subdomains (not the apex). */
    static boolean matches(String allowed, String host) {
        if (allowed.startsWith("*.")) {
            return host.endsWith(allowed.substring(1)) && host.length() > allowed.length() - 1;
        }
        return host.equals(allowed);
    }

    private static Optional<String> host(Optional<String> header) {
        return header.flatMap(value -> {
            try {
                String host = URI.create(value.trim()).getHost();
                return host == null ? Optional.empty() : Optional.of(host.toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return Optional.empty(); // "null" origins and garbage match nothing
            }
        });
    }
}
