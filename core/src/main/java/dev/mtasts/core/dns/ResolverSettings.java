package dev.mtasts.core.dns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.xbill.DNS.Address;

import dev.mtasts.core.ParseError;
import dev.mtasts.core.Parsed;

/**
 * How {@link DnsJavaResolver} reaches DNS: which recursive servers, in which order, how long to wait for
 * each answer and how many extra rounds to try. An empty server list means "the system's resolvers" (what
 * dnsjava's {@code ResolverConfig} finds, e.g. in {@code /etc/resolv.conf}).
 *
 * <p>Servers are IP literals with an optional port: {@code 192.0.2.1}, {@code 192.0.2.1:5353},
 * {@code [2001:db8::1]:53}, {@code [::1]} or a bare {@code 2001:db8::1}; the port defaults to 53. Host names
 * are refused: resolving the resolver would need a resolver.
 *
 * <p>A question goes to the servers in their order; a server that times out, fails on the network or
 * answers anything but NOERROR or NXDOMAIN is followed by the next; after the last, the next round starts.
 * The longest one question can take is therefore servers x (retries + 1) x timeout.
 *
 * <p>Immutable and thread-safe. {@link #parse} never throws and names every bad entry; the builder throws
 * {@link IllegalArgumentException} for values out of range (a programmer error).
 */
public final class ResolverSettings {
    /** Per-query timeout used when none is given. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** Extra rounds over the server list used when none is given. */
    public static final int DEFAULT_RETRIES = 1;
    static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);
    static final int MAX_RETRIES = 10;
    private static final int DEFAULT_PORT = 53;

    private final List<InetSocketAddress> servers;
    private final Duration timeout;
    private final int retries;

    private ResolverSettings(Builder builder) {
        this.servers = List.copyOf(builder.servers);
        this.timeout = builder.timeout;
        this.retries = builder.retries;
    }

    /** The system's resolvers, {@link #DEFAULT_TIMEOUT}, {@link #DEFAULT_RETRIES}. */
    public static ResolverSettings systemDefault() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads settings as an operator writes them: {@code servers} a comma- or space-separated list of
     * servers (blank or null: the system's resolvers), {@code timeout} the wait per query, {@code retries}
     * the extra rounds. Never throws: the invalid result says, per problem, which entry is wrong and why.
     */
    public static Parsed<ResolverSettings> parse(String servers, Duration timeout, int retries) {
        List<ParseError> errors = new ArrayList<>();
        Builder builder = builder();
        Parsed<List<InetSocketAddress>> serverList = parseServers(servers);
        if (serverList.isValid()) {
            serverList.value().forEach(builder::server);
        } else {
            errors.addAll(serverList.errors());
        }
        String timeoutProblem = timeoutProblem(timeout);
        if (timeoutProblem != null) {
            errors.add(new ParseError(0, timeoutProblem));
        } else {
            builder.timeout(timeout);
        }
        String retriesProblem = retriesProblem(retries);
        if (retriesProblem != null) {
            errors.add(new ParseError(0, retriesProblem));
        } else {
            builder.retries(retries);
        }
        return errors.isEmpty() ? Parsed.valid(builder.build()) : Parsed.invalid(errors);
    }

    /**
     * Reads a comma- or space-separated list of servers (blank or null: an empty list, meaning the
     * system's resolvers). Never throws; the invalid result names every bad entry.
     */
    public static Parsed<List<InetSocketAddress>> parseServers(String servers) {
        List<ParseError> errors = new ArrayList<>();
        List<InetSocketAddress> addresses = new ArrayList<>();
        if (servers != null) {
            for (String entry : servers.trim().split("[,\\s]+")) {
                if (entry.isEmpty()) {
                    continue;
                }
                Parsed<InetSocketAddress> server = parseServer(entry);
                if (server.isValid()) {
                    addresses.add(server.value());
                } else {
                    errors.addAll(server.errors());
                }
            }
        }
        return errors.isEmpty() ? Parsed.valid(List.copyOf(addresses)) : Parsed.invalid(errors);
    }

    /** Reads one server: an IPv4 literal or an IPv6 literal (bracketed when a port follows), optional port. */
    public static Parsed<InetSocketAddress> parseServer(String text) {
        if (text == null || text.isBlank()) {
            return Parsed.invalid(0, "a DNS server is empty");
        }
        String entry = text.trim();
        String host;
        String port = null;
        if (entry.startsWith("[")) {
            int close = entry.indexOf(']');
            if (close < 0) {
                return invalidServer(entry, "the '[' of an IPv6 address is not closed");
            }
            host = entry.substring(1, close);
            String rest = entry.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    return invalidServer(entry, "only ':port' may follow ']'");
                }
                port = rest.substring(1);
            }
        } else if (entry.indexOf(':') != entry.lastIndexOf(':')) {
            host = entry; // a bare IPv6 address: no port possible
        } else {
            int colon = entry.indexOf(':');
            host = colon < 0 ? entry : entry.substring(0, colon);
            port = colon < 0 ? null : entry.substring(colon + 1);
        }
        InetAddress address;
        try {
            address = Address.getByAddress(host); // literals only, never a lookup
        } catch (UnknownHostException e) {
            return invalidServer(entry, "'" + host + "' is not an IPv4 or IPv6 address (host names are not accepted)");
        }
        int portNumber = DEFAULT_PORT;
        if (port != null) {
            if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                return invalidServer(entry, "the port '" + port + "' is not a number from 1 to 65535");
            }
            portNumber = Integer.parseInt(port);
        }
        return Parsed.valid(new InetSocketAddress(address, portNumber));
    }

    private static Parsed<InetSocketAddress> invalidServer(String entry, String why) {
        return Parsed.invalid(0, "'" + entry + "' is not a valid DNS server (expected ip, ip:port or [ipv6]:port): "
                + why);
    }

    private static String timeoutProblem(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            return "the DNS timeout must be more than 0 and at most " + MAX_TIMEOUT.toSeconds() + " s, not " + timeout;
        }
        return null;
    }

    private static String retriesProblem(int retries) {
        if (retries < 0 || retries > MAX_RETRIES) {
            return "the DNS retries must be from 0 to " + MAX_RETRIES + ", not " + retries;
        }
        return null;
    }

    /** The servers in the order they are asked; empty means the system's resolvers. */
    public List<InetSocketAddress> servers() {
        return servers;
    }

    public boolean usesSystemResolvers() {
        return servers.isEmpty();
    }

    /** How long to wait for one server's answer to one query. */
    public Duration timeout() {
        return timeout;
    }

    /** Extra rounds over the server list after the first (0: each server is asked once). */
    public int retries() {
        return retries;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ResolverSettings)) {
            return false;
        }
        ResolverSettings other = (ResolverSettings) o;
        return other.servers.equals(servers) && other.timeout.equals(timeout) && other.retries == retries;
    }

    @Override
    public int hashCode() {
        return Objects.hash(servers, timeout, retries);
    }

    @Override
    public String toString() {
        return "ResolverSettings[servers=" + (servers.isEmpty() ? "system" : servers) + ", timeout=" + timeout
                + ", retries=" + retries + "]";
    }

    /** Builds settings; not thread-safe. */
    public static final class Builder {
        private final List<InetSocketAddress> servers = new ArrayList<>();
        private Duration timeout = DEFAULT_TIMEOUT;
        private int retries = DEFAULT_RETRIES;

        private Builder() {
        }

        /** Adds a server, asked after those added before. */
        public Builder server(InetSocketAddress server) {
            if (server.isUnresolved()) {
                throw new IllegalArgumentException("a DNS server must be an IP address: " + server);
            }
            servers.add(server);
            return this;
        }

        /** Adds a server given as text, see {@link ResolverSettings#parseServer(String)}. */
        public Builder server(String server) {
            Parsed<InetSocketAddress> parsed = parseServer(server);
            if (!parsed.isValid()) {
                throw new IllegalArgumentException(parsed.describeErrors());
            }
            return server(parsed.value());
        }

        public Builder timeout(Duration value) {
            String problem = timeoutProblem(value);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            this.timeout = value;
            return this;
        }

        public Builder retries(int value) {
            String problem = retriesProblem(value);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            this.retries = value;
            return this;
        }

        public ResolverSettings build() {
            return new ResolverSettings(this);
        }
    }
}
