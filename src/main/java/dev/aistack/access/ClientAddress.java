package dev.aistack.access;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * The client's address for allowed_ips: the socket peer, unless the peer is a trusted proxy; then the right-most
 * X-Forwarded-For entry that is not itself a trusted proxy (entries further left are the client's own claims).
 */
final class ClientAddress {
    private static final io.helidon.http.HeaderName X_FORWARDED_FOR = HeaderNames.create("X-Forwarded-For");

    private final List<Cidr> trustedProxies;

    ClientAddress(List<Cidr> trustedProxies) {
        this.trustedProxies = List.copyOf(trustedProxies);
    }

    Optional<InetAddress> of(ServerRequest req) {
        if (!(req.remotePeer().address() instanceof InetSocketAddress socket) || socket.getAddress() == null) {
            return Optional.empty();
        }
        InetAddress address = socket.getAddress();
        if (!trusted(address)) {
            return Optional.of(address);
        }
        List<String> hops = req.headers().values(X_FORWARDED_FOR).stream()
                .flatMap(v -> java.util.Arrays.stream(v.split(","))).map(String::trim).filter(s -> !s.isEmpty())
                .toList();
        for (int i = hops.size() - 1; i >= 0; i--) {
            Optional<InetAddress> hop = Cidr.literal(hops.get(i));
            if (hop.isEmpty()) {
                return Optional.empty(); // a hop that is no address: nothing to the left of it can be trusted
            }
            address = hop.get();
            if (!trusted(address)) {
                return Optional.of(address);
            }
        }
        return Optional.of(address);
    }

    private boolean trusted(InetAddress address) {
        return trustedProxies.stream().anyMatch(c -> c.contains(address));
    }
}
