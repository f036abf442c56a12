package dev.aistack.access;

import dev.aistack.errors.ErrorCode;
import dev.aistack.errors.GatewayException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** The admin API's guard: off (404) without AISTACK_ADMIN_TOKEN; else the Bearer token, compared in constant time. */
final class AdminToken {
    private final byte[] token; // null: the admin API is off

    AdminToken(Optional<String> token) {
        this.token = token.map(t -> t.getBytes(StandardCharsets.UTF_8)).orElse(null);
    }

    void check(ServerRequest req) {
        if (token == null) {
            throw new GatewayException(ErrorCode.NOT_FOUND, "No such route: the admin API is off (set "
                    + "AISTACK_ADMIN_TOKEN to turn it on).");
        }
        String presented = req.headers().first(HeaderNames.AUTHORIZATION).map(String::trim)
                .filter(v -> v.regionMatches(true, 0, "Bearer ", 0, 7)).map(v -> v.substring(7).trim()).orElse("");
        // MessageDigest.isEqual takes the same time whatever the position of the first difference.
        if (!MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8))) {
            throw new GatewayException(ErrorCode.INVALID_ADMIN_TOKEN, "The admin API needs Authorization: Bearer "
                    + "<AISTACK_ADMIN_TOKEN>.");
        }
    }
}
