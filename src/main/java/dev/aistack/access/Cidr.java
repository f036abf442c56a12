package dev.aistack.access;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 network in CIDR notation ({@code 10.0.0.0/8}, {@code 2001:db8::/32}); a bare address is a /32
 * or /128. Parsing accepts only address literals: a host name is refused, never resolved.
 */
public record Cidr(byte[] network, int prefixLength, String text) {
    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9]+)?");

    /** The network, or empty when the text is not a CIDR (or bare address) literal. */
    public static Optional<Cidr> parse(String text) {
        String s = text.trim();
        int slash = s.indexOf('/');
        String address = slash < 0 ? s : s.substring(0, slash);
        Optional<InetAddress> ip = literal(address);
        if (ip.isEmpty()) {
            return Optional.empty();
        }
        byte[] bytes = ip.get().getAddress();
        int max = bytes.length * 8;
        int prefix = max;
        if (slash >= 0) {
            String p = s.substring(slash + 1);
            if (!p.matches("\\d{1,3}")) {
                return Optional.empty();
            }
            prefix = Integer.parseInt(p);
            if (prefix > max) {
                return Optional.empty();
            }
        }
        return Optional.of(new Cidr(mask(bytes, prefix), prefix, s));
    }

    /** An address literal (v4 or v6), without any DNS lookup. */
    public static Optional<InetAddress> literal(String address) {
        String a = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1)
                : address;
        if (a.isEmpty() || !LITERAL.matcher(a).matches() || (!a.contains(":") && !a.matches("\\d+(\\.\\d+){3}"))) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(a)); // a literal: no lookup happens
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != network.length) {
            bytes = mapped(bytes, network.length);
            if (bytes == null) {
                return false;
            }
        }
        return java.util.Arrays.equals(mask(bytes, prefixLength), network);
    }

    /** An IPv4-mapped IPv6 address (::ffff:a.b.c.d) matches IPv4 networks, and the other way round. */
    private static byte[] mapped(byte[] bytes, int wanted) {
        if (bytes.length == 16 && wanted == 4) {
            for (int i = 0; i < 10; i++) {
                if (bytes[i] != 0) {
                    return null;
                }
            }
            if ((bytes[10] & 0xff) != 0xff || (bytes[11] & 0xff) != 0xff) {
                return null;
            }
            return java.util.Arrays.copyOfRange(bytes, 12, 16);
        }
        if (bytes.length == 4 && wanted == 16) {
            byte[] out = new byte[16];
            out[10] = (byte) 0xff;
            out[11] = (byte) 0xff;
            System.arraycopy(bytes, 0, out, 12, 4);
            return out;
        }
        return null;
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xff00 >> bits));
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefixLength == prefixLength && java.util.Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.hashCode(network) + prefixLength;
    }

    @Override
    public String toString() {
        return text;
    }
}
