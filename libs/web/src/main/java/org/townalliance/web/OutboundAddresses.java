package org.townalliance.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Where the platform may send requests that a town configures (the city hotline's endpoint, later webhooks): https
 * only (http where {@code alliance.egress.allow-http} says so, e.g. locally), no credentials in the URL, and a host
 * whose every address is public, checked when the URL is set and again before each request, whose connection then
 * goes to the very address checked (a DNS answer that changes in between, "rebinding", cannot point it inside the
 * cluster). Loopback, private, link-local, shared (CGNAT), multicast, unspecified and other special ranges are
 * refused unless the platform allows a host name or address block in {@code alliance.egress.allowed} (a city's
 * gateway on a private line, or the test's local receiver).
 */
@Component
public class OutboundAddresses {

    /** Why a destination is refused, in words a town's secretariat can act on (never the network's details). */
    public static final class Refused extends RuntimeException {

        private final String category;

        Refused(String category, String detail) {
            super(detail, null, false, false);
            this.category = category;
        }

        /** A coarse category: invalid-url, address-not-allowed, dns-failure. */
        public String category() {
            return category;
        }
    }

    private static final List<TrustedProxies.Cidr> SPECIAL = List.of(
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
            "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
            "224.0.0.0/4", "240.0.0.0/4", "::/128", "::1/128", "64:ff9b::/96", "100::/64", "2001:db8::/32",
            "fc00::/7", "fe80::/10", "ff00::/8").stream().map(TrustedProxies.Cidr::parse).toList();

    private final boolean allowHttp;
    private final List<String> allowedHosts;
    private final List<TrustedProxies.Cidr> allowedBlocks;

    public OutboundAddresses(@Value("${alliance.egress.allow-http:false}") boolean allowHttp,
                             @Value("${alliance.egress.allowed:}") String allowed) {
        this.allowHttp = allowHttp;
        var entries = Arrays.stream(allowed.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        this.allowedBlocks = entries.stream().filter(OutboundAddresses::isAddressLiteral).map(TrustedProxies.Cidr::parse).toList();
        this.allowedHosts = entries.stream().filter(e -> !isAddressLiteral(e)).map(e -> e.toLowerCase(Locale.ROOT)).toList();
    }

    /** The URL's form alone (scheme, no credentials, a host): for a 400 before anything is resolved. */
    public URI parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException | NullPointerException e) {
            throw new Refused("invalid-url", "Not a URL.");
        }
        var scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            throw new Refused("invalid-url", allowHttp ? "The endpoint is an http(s) URL." : "The endpoint is an https URL.");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw new Refused("invalid-url", "The endpoint names a host, without credentials in the URL.");
        }
        return uri;
    }

    /**
     * Resolves the URL's host (off the event loop) and answers the address to connect to: the host's name with the
     * first address it resolved to, all of which must be allowed. Fails with {@link Refused}.
     */
    public Mono<InetSocketAddress> destination(String url) {
        return Mono.fromCallable(() -> {
            var uri = parse(url);
            var host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
            var port = uri.getPort() > 0 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
            InetAddress[] addresses;
            try {
                addresses = InetAddress.getAllByName(host);
            } catch (UnknownHostException e) {
                throw new Refused("dns-failure", "The endpoint's host name does not resolve.");
            }
            var hostAllowed = allowedHosts.contains(host.toLowerCase(Locale.ROOT));
            for (var address : addresses) {
                if (!hostAllowed && !allowed(address)) {
                    throw new Refused("address-not-allowed",
                            "The endpoint resolves to an address the platform does not send to (internal, private or reserved).");
                }
            }
            // The name travels with the address: TLS checks the certificate against it, and no second lookup happens.
            return new InetSocketAddress(InetAddress.getByAddress(host, addresses[0].getAddress()), port);
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private boolean allowed(InetAddress address) {
        if (allowedBlocks.stream().anyMatch(block -> block.contains(address))) {
            return true;
        }
        var candidate = unmapped(address);
        return !candidate.isAnyLocalAddress() && !candidate.isLoopbackAddress() && !candidate.isLinkLocalAddress()
                && !candidate.isSiteLocalAddress() && !candidate.isMulticastAddress()
                && SPECIAL.stream().noneMatch(block -> block.contains(candidate));
    }

    /** An IPv4 address written as IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it is. */
    private static InetAddress unmapped(InetAddress address) {
        var bytes = address.getAddress();
        if (address instanceof Inet6Address && bytes.length == 16 && Arrays.equals(Arrays.copyOf(bytes, 12),
                new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff})) {
            try {
                return Inet4Address.getByAddress(Arrays.copyOfRange(bytes, 12, 16));
            } catch (UnknownHostException impossible) {
                return address;
            }
        }
        return address;
    }

    private static boolean isAddressLiteral(String entry) {
        var address = entry.contains("/") ? entry.substring(0, entry.indexOf('/')) : entry;
        return address.contains(":") || address.chars().allMatch(c -> Character.isDigit(c) || c == '.');
    }
}
