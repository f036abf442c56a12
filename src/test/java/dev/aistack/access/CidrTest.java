package dev.aistack.access;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CIDR parsing and matching for allowed_ips and AISTACK_TRUSTED_PROXIES, IPv4 and IPv6, without DNS. */
class CidrTest {
    private static boolean in(String cidr, String address) {
        return Cidr.parse(cidr).orElseThrow().contains(Cidr.literal(address).orElseThrow());
    }

    @Test
    void ipv4NetworksMatchTheirAddressesOnly() {
        assertTrue(in("203.0.113.0/24", "203.0.113.200"));
        assertFalse(in("203.0.113.0/24", "203.0.114.1"));
        assertTrue(in("10.0.0.0/8", "10.255.0.1"));
        assertTrue(in("0.0.0.0/0", "198.51.100.7"));
        assertTrue(in("192.168.1.7", "192.168.1.7"));
        assertFalse(in("192.168.1.7", "192.168.1.8"));
        assertTrue(in("172.16.0.0/12", "172.31.255.255"));
        assertFalse(in("172.16.0.0/12", "172.32.0.0"));
    }

    @Test
    void ipv6NetworksMatchTheirAddressesOnly() {
        assertTrue(in("2001:db8::/32", "2001:db8:ffff::1"));
        assertFalse(in("2001:db8::/32", "2001:db9::1"));
        assertTrue(in("::1/128", "::1"));
        assertTrue(in("fe80::/10", "febf::1"));
        assertFalse(in("fe80::/10", "fec0::1"));
    }

    @Test
    void anIpv4MappedIpv6AddressMatchesIpv4Networks() {
        assertTrue(in("127.0.0.0/8", "::ffff:127.0.0.1"));
        assertFalse(in("127.0.0.0/8", "::ffff:10.0.0.1"));
    }

    @Test
    void hostNamesAndBadPrefixesAreRefusedWithoutALookup() {
        for (String bad : new String[]{"localhost", "example.com/8", "10.0.0.0/33", "::/129", "10.0.0/8", "",
                "10.0.0.0/-1", "10.0.0.0/08x"}) {
            assertTrue(Cidr.parse(bad).isEmpty(), bad);
        }
    }
}
