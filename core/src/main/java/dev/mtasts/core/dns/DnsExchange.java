package dev.mtasts.core.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SimpleResolver;

/**
 * Sends one question to the configured servers in order, round after round, until one answers NOERROR or
 * NXDOMAIN; collects what went wrong with each otherwise. dnsjava's {@code SimpleResolver} does the wire
 * work (UDP, TCP on truncation, EDNS); its {@code Lookup} cache is not used: freshness is the policy cache's
 * business. {@code ExtendedResolver} is not used either: it reorders servers by past failures and reports
 * only the last exception, where an operator needs every server named with what it did.
 *
 * <p>Thread-safe: the resolvers are configured once and only sent to afterwards.
 */
final class DnsExchange {
    private final List<SimpleResolver> resolvers = new ArrayList<>();
    private final List<String> labels = new ArrayList<>();
    private final int rounds;
    private final Duration timeout;

    DnsExchange(ResolverSettings settings) {
        List<InetSocketAddress> servers = settings.usesSystemResolvers() ? systemServers() : settings.servers();
        for (InetSocketAddress server : servers) {
            SimpleResolver resolver = new SimpleResolver(server);
            resolver.setTimeout(settings.timeout());
            resolvers.add(resolver);
            labels.add(label(server));
        }
        this.rounds = settings.retries() + 1;
        this.timeout = settings.timeout();
    }

    private static List<InetSocketAddress> systemServers() {
        List<InetSocketAddress> servers = ResolverConfig.getCurrentConfig().servers();
        return servers.isEmpty() ? List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 53)) : servers;
    }

    static String label(InetSocketAddress server) {
        String host = server.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + server.getPort();
    }

    /** The servers asked, in order, as "ip:port" (for log lines and tests). */
    List<String> serverLabels() {
        return List.copyOf(labels);
    }

    /** Asks for {@code type} records of {@code name}; never throws. */
    Reply send(Name name, int type) {
        Set<String> problems = new LinkedHashSet<>();
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < resolvers.size(); i++) {
                Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
                try {
                    Message response = resolvers.get(i).send(query);
                    int rcode = response.getRcode();
                    if (rcode == Rcode.NOERROR || rcode == Rcode.NXDOMAIN) {
                        return new Reply(response, null);
                    }
                    problems.add(Rcode.string(rcode) + " from " + labels.get(i));
                } catch (IOException e) {
                    problems.add(describe(e, labels.get(i)));
                } catch (RuntimeException e) {
                    problems.add("an unexpected error (" + e + ") talking to " + labels.get(i));
                }
            }
        }
        return new Reply(null, String.join("; ", problems));
    }

    private String describe(IOException e, String server) {
        String message = String.valueOf(e.getMessage());
        if (e instanceof SocketTimeoutException || e.getCause() instanceof TimeoutException
                || message.toLowerCase(Locale.ROOT).contains("timed out")) {
            return "no answer within " + timeout.toMillis() + " ms from " + server;
        }
        if (e instanceof PortUnreachableException) {
            return "port unreachable: no DNS server listens on " + server;
        }
        return "a network error talking to " + server + " (" + e.getClass().getSimpleName() + ": " + message + ")";
    }

    @Override
    public String toString() {
        return "DnsExchange" + labels;
    }

    /** A usable response (NOERROR or NXDOMAIN), or the sentence saying why there is none. */
    static final class Reply {
        private final Message message;
        private final String failure;

        Reply(Message message, String failure) {
            this.message = message;
            this.failure = failure;
        }

        boolean failed() {
            return message == null;
        }

        Message message() {
            return message;
        }

        String failure() {
            return failure;
        }
    }
}
