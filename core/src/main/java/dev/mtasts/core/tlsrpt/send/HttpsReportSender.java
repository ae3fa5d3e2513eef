package dev.mtasts.core.tlsrpt.send;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLContext;

import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.BasicHttpClientConnectionManager;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;

import dev.mtasts.core.tlsrpt.ReportDocument;
import dev.mtasts.core.tlsrpt.ReportUri;
import dev.mtasts.core.DomainName;
import dev.mtasts.core.Parsed;
import dev.mtasts.core.RemoteText;
import dev.mtasts.core.dns.DnsAnswer;
import dev.mtasts.core.dns.DnsResolver;

/**
 * Sends report files to {@code https:} rua destinations (RFC 8460 §5.3.2): a POST with
 * {@code Content-Type: application/tlsrpt+gzip}; only a 2xx status counts as delivered.
 *
 * <p>The URI comes from a recipient domain's DNS, so it is treated as hostile. Its host is resolved once
 * through the project's resolver (an IP literal is taken as it is); every address must be a public one
 * ({@link EndpointAddressCheck}, unless inside {@link ReportSettings#httpsAllowedNetworks()}) or the
 * destination is refused without any connection; the connection then goes only to those checked addresses
 * (at most three, no second lookup that DNS rebinding could answer differently). The server certificate is
 * checked against the JDK's default trust anchors unless {@link ReportSettings#sslContext()} says otherwise,
 * with host name verification on. One deadline, {@link ReportSettings#httpsTimeout()}, bounds the whole POST:
 * a watchdog closes the connection when it passes, so a dripping endpoint cannot hold the report run longer.
 * At most {@link ReportSettings#MAX_RESPONSE_BYTES} of the answer body are read. Redirects are not followed
 * (a 3xx is a failure); the HTTP client does not retry by itself (retries are {@link ReportDelivery}'s).
 *
 * <p>Thread-safe: each POST uses its own short-lived client. Never throws for network trouble.
 */
public final class HttpsReportSender implements ReportSender, AutoCloseable {
    static final ContentType TLSRPT_GZIP = ContentType.create("application/tlsrpt+gzip");
    /** Addresses of one endpoint tried at most, all checked first. */
    static final int MAX_ADDRESSES = 3;
    private static final int QUOTED_BODY_MAX = 200;

    private final ReportSettings settings;
    private final DnsResolver dns;
    private final SSLContext trust;
    private final EndpointAddressCheck check;

    public HttpsReportSender(ReportSettings settings, DnsResolver dns) {
        this.settings = Objects.requireNonNull(settings);
        this.dns = Objects.requireNonNull(dns);
        this.trust = settings.sslContext().orElseGet(HttpsReportSender::jdkDefault);
        this.check = new EndpointAddressCheck(settings.httpsAllowedNetworks());
    }

    private static SSLContext jdkDefault() {
        try {
            return SSLContext.getDefault();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no default TLS context", e);
        }
    }

    @Override
    public ReportUri.Scheme scheme() {
        return ReportUri.Scheme.HTTPS;
    }

    @Override
    public DeliveryOutcome send(ReportUri destination, ReportDocument document) {
        Objects.requireNonNull(destination);
        long deadline = System.nanoTime() + settings.httpsTimeout().toNanos();
        String shown = RemoteText.clean(destination.uri(), RemoteText.SENTENCE_MAX);
        URI uri;
        try {
            uri = new URI(destination.uri());
        } catch (URISyntaxException e) {
            return DeliveryOutcome.failed(shown + " is not a usable URI: " + e.getReason());
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            return DeliveryOutcome.failed(shown + " is not an https URI with a host");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        List<InetAddress> addresses = new ArrayList<>();
        Optional<String> unresolvable = resolve(host, addresses);
        if (unresolvable.isPresent()) {
            return DeliveryOutcome.failed("POST " + shown + " not attempted: " + unresolvable.get());
        }
        for (InetAddress address : addresses) {
            Optional<String> refusal = check.refusal(address);
            if (refusal.isPresent()) {
                return DeliveryOutcome.failed("POST " + shown + " refused: " + RemoteText.clean(host, 255)
                        + (IpNetwork.literal(host).isPresent() ? " is " : " resolves to " + address.getHostAddress()
                        + ", ") + refusal.get() + "; report endpoints must be public addresses"
                        + " (tlsrpt.https.allow.networks allows named networks)");
            }
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            return DeliveryOutcome.failed("POST " + shown + " not attempted: resolving " + RemoteText.clean(host, 255)
                    + " took the whole " + seconds(settings.httpsTimeout()) + " (tlsrpt.https.timeout)");
        }
        return post(uri, shown, addresses.subList(0, Math.min(MAX_ADDRESSES, addresses.size())), document, remaining);
    }

    /** Fills {@code addresses}; an IP literal is its own address. Returns why there are none, if so. */
    private Optional<String> resolve(String host, List<InetAddress> addresses) {
        Optional<InetAddress> literal = IpNetwork.literal(host);
        if (literal.isPresent()) {
            addresses.add(literal.get());
            return Optional.empty();
        }
        Parsed<DomainName> name = DomainName.parse(host);
        if (!name.isValid()) {
            return Optional.of("'" + RemoteText.clean(host, 255) + "' is not a host name: " + name.describeErrors());
        }
        DnsAnswer<InetAddress> answer;
        try {
            answer = dns.addresses(name.value());
        } catch (RuntimeException e) {
            answer = DnsAnswer.failed("the resolver failed unexpectedly: " + e);
        }
        if (!answer.isFound()) {
            return Optional.of("the address of " + host + " could not be found (" + answer.detail() + ")");
        }
        addresses.addAll(answer.records());
        return Optional.empty();
    }

    private DeliveryOutcome post(URI uri, String shown, List<InetAddress> addresses, ReportDocument document,
            long remaining) {
        HttpPost post = new HttpPost(uri);
        post.setEntity(new ByteArrayEntity(document.gzip(), TLSRPT_GZIP));
        AtomicReference<Socket> socket = new AtomicReference<>();
        AtomicBoolean deadlinePassed = new AtomicBoolean();
        CompletableFuture<Void> watchdog = CompletableFuture.runAsync(() -> {
            deadlinePassed.set(true);
            post.cancel();
            Optional.ofNullable(socket.get()).ifPresent(HttpsReportSender::closeQuietly);
        }, CompletableFuture.delayedExecutor(remaining, TimeUnit.NANOSECONDS));
        Duration total = Duration.ofNanos(remaining);
        Duration connect = settings.httpsConnectTimeout().compareTo(total) < 0 ? settings.httpsConnectTimeout() : total;
        try (CloseableHttpClient client = client(uri.getHost(), addresses, socket, deadlinePassed, connect, total)) {
            ClassicHttpResponse response = client.executeOpen(null, post, null);
            try {
                int status = response.getCode();
                String body = readCapped(response);
                post.cancel(); // before the response is closed: closing would drain the rest of the body
                // RFC 8460 §5.3.2: a 2xx answer means the report was received; anything else is a failure
                if (status >= 200 && status < 300) {
                    return DeliveryOutcome.delivered();
                }
                return DeliveryOutcome.failed("POST " + shown + " answered HTTP " + status
                        + (status >= 300 && status < 400 ? " (redirects are not followed)" : "")
                        + (body.isEmpty() ? "" : ": " + RemoteText.clean(body, QUOTED_BODY_MAX)));
            } finally {
                post.cancel(); // discard the connection instead of draining an unread (maybe endless) body
                closeQuietly(response);
            }
        } catch (IOException | RuntimeException e) {
            if (deadlinePassed.get()) {
                return DeliveryOutcome.failed("POST " + shown + " did not complete within "
                        + seconds(settings.httpsTimeout()) + " (tlsrpt.https.timeout, the whole POST)");
            }
            return DeliveryOutcome.failed("POST " + shown + " failed: "
                    + RemoteText.clean(e.toString(), RemoteText.SENTENCE_MAX));
        } finally {
            watchdog.cancel(false);
        }
    }

    /** Up to {@link ReportSettings#MAX_RESPONSE_BYTES} of the body, as text; the rest is never read. */
    private static String readCapped(ClassicHttpResponse response) {
        if (response.getEntity() == null) {
            return "";
        }
        try {
            // not closed here: closing would drain the rest; the caller cancels the request first
            InputStream in = response.getEntity().getContent();
            return new String(in.readNBytes(ReportSettings.MAX_RESPONSE_BYTES), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return ""; // the status is what counts; a body cut short changes nothing
        }
    }

    private CloseableHttpClient client(String host, List<InetAddress> addresses, AtomicReference<Socket> socket,
            AtomicBoolean deadlinePassed, Duration connect, Duration total) {
        TlsSocketStrategy verifying = new DefaultClientTlsStrategy(trust);
        TlsSocketStrategy watched = (plain, target, port, attachment, context) -> {
            socket.set(plain);
            if (deadlinePassed.get()) {
                closeQuietly(plain);
            }
            return verifying.upgrade(plain, target, port, attachment, context);
        };
        BasicHttpClientConnectionManager connections = BasicHttpClientConnectionManager.create(
                DefaultSchemePortResolver.INSTANCE, new CheckedAddresses(host, addresses),
                RegistryBuilder.<TlsSocketStrategy>create().register(URIScheme.HTTPS.id, watched).build(), null);
        connections.setConnectionConfig(ConnectionConfig.custom().setConnectTimeout(Timeout.of(connect))
                .setSocketTimeout(Timeout.of(total)).build());
        connections.setTlsConfig(TlsConfig.custom().setHandshakeTimeout(Timeout.of(connect)).build());
        return HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(total))
                        .setRedirectsEnabled(false).build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .setUserAgent("james-mta-sts")
                .build();
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.getSeconds() + " s" : duration.toMillis() + " ms";
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // closed on purpose, or already done
        }
    }

    /** Nothing pooled to release: each POST closes its own client. */
    @Override
    public void close() {
        // kept AutoCloseable for callers that manage senders as resources
    }

    /** The endpoint host "resolves" only to the addresses checked before; nothing else is looked up. */
    private static final class CheckedAddresses implements org.apache.hc.client5.http.DnsResolver {
        private final String host;
        private final InetAddress[] addresses;

        CheckedAddresses(String host, List<InetAddress> addresses) {
            this.host = host;
            this.addresses = addresses.toArray(new InetAddress[0]);
        }

        @Override
        public InetAddress[] resolve(String name) throws UnknownHostException {
            if (!host.equalsIgnoreCase(name) && !host.equalsIgnoreCase("[" + name + "]")
                    && !name.equalsIgnoreCase("[" + host + "]")) {
                throw new UnknownHostException(name + " was not checked");
            }
            return addresses.clone();
        }

        @Override
        public String resolveCanonicalHostname(String name) {
            return name;
        }
    }
}
