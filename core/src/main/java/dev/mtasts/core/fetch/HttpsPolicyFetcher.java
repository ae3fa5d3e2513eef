package dev.mtasts.core.fetch;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.BasicHttpClientConnectionManager;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.ssl.TLS;
import org.apache.hc.core5.util.Timeout;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.Failure;
import dev.mtasts.core.Parsed;
import dev.mtasts.core.dns.DnsAnswer;
import dev.mtasts.core.dns.DnsResolver;
import dev.mtasts.core.policy.StsPolicy;
import dev.mtasts.core.policy.StsPolicyParser;
import dev.mtasts.core.tls.CertificateProblem;
import dev.mtasts.core.tls.CertificateVerifier;
import dev.mtasts.core.tls.DnsIdMatcher;
import dev.mtasts.core.tls.TlsClientContext;

/**
 * Fetches {@code https://mta-sts.<policy-domain>/.well-known/mta-sts.txt} as RFC 8461 §3.3 says, with Apache
 * HttpClient 5 (classic): the host resolved through the project's {@link DnsResolver}; TLS 1.2 or higher,
 * SNI and certificate identity = the policy host, PKIX against the configured trust
 * ({@link CertificateVerifier}); only 200 accepted, no redirect followed, no HTTP cache, {@code text/plain}
 * required, the body capped and the whole exchange bounded by {@link FetchSettings}; the body decoded as
 * UTF-8 and parsed with {@link StsPolicyParser}.
 *
 * <p>Each fetch uses its own short-lived client and connection: nothing is pooled, cached or reused between
 * fetches (a policy is fetched at most a few times a day per domain, so this costs nothing that matters).
 * The total timeout is enforced by a watchdog that aborts the request, so a server that stalls mid-body
 * cannot hold the caller; name resolution is bounded by the resolver's own timeouts, not by it.
 *
 * <p>{@link #fetchObserved} runs the same fetch and also returns what it saw (protocol, certificate chain,
 * status, headers, body, time) for the {@code check} command; recording changes no decision.
 *
 * <p>Never throws for network, TLS, HTTP or content trouble: every failure becomes a {@link FetchResult}
 * failure of type {@code sts-policy-fetch-error}, {@code sts-webpki-invalid} or {@code sts-policy-invalid}.
 * Thread-safe: concurrent fetches share nothing but the immutable collaborators.
 */
public final class HttpsPolicyFetcher implements PolicyFetcher {
    /** RFC 8461 §3.3: the well-known path. */
    static final String PATH = "/.well-known/mta-sts.txt";

    private final DnsResolver dns;
    private final CertificateVerifier verifier;
    private final FetchSettings settings;

    public HttpsPolicyFetcher(DnsResolver dns, CertificateVerifier verifier, FetchSettings settings) {
        this.dns = Objects.requireNonNull(dns);
        this.verifier = Objects.requireNonNull(verifier);
        this.settings = Objects.requireNonNull(settings);
    }

    @Override
    public FetchResult fetch(DomainName policyDomain) {
        return fetchObserved(policyDomain).result();
    }

    /**
     * The same fetch as {@link #fetch}, with the same result, plus what was seen on the way (TLS protocol,
     * certificate chain, status, headers, body, time) for diagnostics. Never throws, like {@link #fetch}.
     */
    public ObservedFetch fetchObserved(DomainName policyDomain) {
        // RFC 8461 §3.3: the policy host is "mta-sts." prepended to the policy domain
        Parsed<DomainName> parsedHost = DomainName.parse("mta-sts." + policyDomain.asciiName());
        if (!parsedHost.isValid()) {
            return new ObservedFetch.Recorder("https://mta-sts." + policyDomain.asciiName() + PATH).finish(
                    FetchResult.failure(FetchFailures.badHostName(policyDomain.asciiName(), parsedHost.describeErrors())));
        }
        DomainName host = parsedHost.value();
        String url = "https://" + host.asciiName() + (settings.port() == 443 ? "" : ":" + settings.port()) + PATH;
        Attempt attempt = new Attempt(url, host, TlsClientContext.forHost(host, verifier), new PolicyHostResolver(dns),
                new ObservedFetch.Recorder(url));
        FetchResult result = run(attempt);
        attempt.tls.problem().ifPresent(attempt.recorder::certificateProblem);
        return attempt.recorder.finish(result);
    }

    private FetchResult run(Attempt attempt) {
        String url = attempt.url;
        HttpGet get = new HttpGet(url);
        // RFC 8461 §3.3 "HTTP caching MUST NOT be used": we have no cache; this asks intermediaries for none either
        get.setHeader("Cache-Control", "no-cache");
        AtomicBoolean deadlinePassed = new AtomicBoolean();
        CompletableFuture<Void> watchdog = CompletableFuture.runAsync(() -> {
            deadlinePassed.set(true);
            get.cancel();
        }, CompletableFuture.delayedExecutor(settings.totalTimeout().toMillis(), TimeUnit.MILLISECONDS));
        CloseableHttpClient client = newClient(attempt);
        try {
            ClassicHttpResponse response = client.executeOpen(null, get, null);
            try {
                return read(response, url, attempt.recorder);
            } finally {
                get.cancel(); // discard the connection instead of draining an unread (maybe endless) body
                closeQuietly(response);
            }
        } catch (IOException | RuntimeException e) {
            return FetchResult.failure(classify(e, attempt, deadlinePassed.get()));
        } finally {
            watchdog.cancel(false);
            closeQuietly(client); // after the outcome is known: a failing close must not turn success into failure
        }
    }

    private FetchResult read(ClassicHttpResponse response, String url, ObservedFetch.Recorder recorder)
            throws IOException {
        int status = response.getCode();
        Header location = response.getFirstHeader("Location");
        Header contentType = response.getFirstHeader("Content-Type");
        recorder.response(status, location == null ? null : location.getValue(),
                contentType == null ? null : contentType.getValue());
        if (status >= 300 && status < 400) {
            // RFC 8461 §3.3: "senders MUST NOT follow HTTP redirects"
            return FetchResult.failure(FetchFailures.redirect(url, status, location == null ? null : location.getValue()));
        }
        if (status != 200) {
            // RFC 8461 §3.3: only 200 counts as a successful fetch
            String reason = response.getReasonPhrase() == null ? "" : response.getReasonPhrase();
            return FetchResult.failure(FetchFailures.status(url, status, reason));
        }
        if (contentType == null || !isTextPlain(contentType.getValue())) {
            // RFC 8461 §3.2: the policy is served as text/plain
            return FetchResult.failure(FetchFailures.contentType(url, contentType == null ? null : contentType.getValue()));
        }
        HttpEntity entity = response.getEntity();
        byte[] body = new byte[0];
        if (entity != null) {
            int limit = settings.maxBodyBytes();
            recorder.announcedLength(entity.getContentLength());
            if (entity.getContentLength() > limit) {
                // RFC 8461 §3.3: size bounded; refused on the announcement, before reading
                return FetchResult.failure(FetchFailures.tooLargeAnnounced(url, entity.getContentLength(), limit));
            }
            try (InputStream in = entity.getContent()) {
                body = in.readNBytes(limit + 1);
            }
            recorder.bodyBytes(body.length);
            if (body.length > limit) {
                return FetchResult.failure(FetchFailures.tooLargeStreamed(url, limit));
            }
        } else {
            recorder.bodyBytes(0);
        }
        return parse(body, url, recorder);
    }

    /**
     * {@code text/plain} with any parameters. SPEC-GAP: RFC 8461 §3.2 names charset utf-8 or us-ascii but says
     * nothing of other charsets. A valid policy is pure US-ASCII (its ABNF allows nothing else), which reads
     * the same in every ASCII-compatible charset, so the charset parameter is ignored and the body is always
     * decoded as strict UTF-8: a host mislabelled {@code charset=iso-8859-1} still has its policy applied,
     * and non-ASCII content is refused by the decoder or the parser.
     */
    private static boolean isTextPlain(String contentType) {
        int semicolon = contentType.indexOf(';');
        String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return mediaType.toLowerCase(Locale.ROOT).equals("text/plain");
    }

    private static FetchResult parse(byte[] body, String url, ObservedFetch.Recorder recorder) {
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(body.length);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CoderResult decoded = decoder.decode(in, out, true);
        if (decoded.isError()) {
            return FetchResult.failure(FetchFailures.notUtf8(url, invalidByte(body, in.position())));
        }
        decoder.flush(out);
        String text = out.flip().toString();
        recorder.body(text);
        Parsed<StsPolicy> policy = StsPolicyParser.parse(text);
        if (!policy.isValid()) {
            return FetchResult.failure(FetchFailures.invalidPolicy(url, policy.describeErrors()));
        }
        return FetchResult.success(policy.value());
    }

    private static String invalidByte(byte[] body, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (body[i] == '\n') {
                line++;
            }
        }
        return String.format("line %d: byte 0x%02x at offset %d", line, body[offset] & 0xff, offset);
    }

    private Failure classify(Exception e, Attempt attempt, boolean deadlinePassed) {
        Optional<CertificateProblem> problem = attempt.tls.problem();
        if (problem.isPresent()) {
            return FetchFailures.certificate(attempt.url, problem.get());
        }
        if (deadlinePassed) {
            return FetchFailures.timeout(attempt.url, settings.totalTimeout());
        }
        Optional<DnsAnswer<InetAddress>> dnsAnswer = attempt.resolver.failedAnswer();
        if (dnsAnswer.isPresent()) {
            String host = attempt.host.asciiName();
            return dnsAnswer.get().status() == DnsAnswer.Status.NO_RECORD
                    ? FetchFailures.dnsNoAddress(attempt.url, host, dnsAnswer.get().detail())
                    : FetchFailures.dnsFailed(attempt.url, host, dnsAnswer.get().detail());
        }
        if (e instanceof UnknownHostException) {
            return FetchFailures.dnsFailed(attempt.url, attempt.host.asciiName(), String.valueOf(e.getMessage()));
        }
        if (e instanceof ConnectTimeoutException) {
            return FetchFailures.connectTimeout(attempt.url, settings.connectTimeout());
        }
        if (e instanceof ConnectException) {
            return FetchFailures.connectRefused(attempt.url, String.valueOf(e.getMessage()));
        }
        if (e instanceof SocketTimeoutException) {
            return FetchFailures.timeout(attempt.url, settings.totalTimeout());
        }
        if (e instanceof SSLException) {
            return FetchFailures.tlsHandshake(attempt.url, String.valueOf(e.getMessage()));
        }
        return FetchFailures.io(attempt.url, e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    private CloseableHttpClient newClient(Attempt attempt) {
        Timeout total = Timeout.of(settings.totalTimeout());
        TlsSocketStrategy tls = ClientTlsStrategyBuilder.create()
                .setSslContext(observingContext(attempt))
                .setTlsVersions(TLS.V_1_3, TLS.V_1_2) // RFC 8461 §7.2
                // identity is checked by the trust manager; the verifier repeats it on the session, belt and braces
                .setHostVerificationPolicy(HostnameVerificationPolicy.CLIENT)
                .setHostnameVerifier((name, session) -> {
                    attempt.recorder.tlsProtocol(session.getProtocol());
                    return peerMatches(session, attempt.host);
                })
                .buildClassic();
        BasicHttpClientConnectionManager connections = BasicHttpClientConnectionManager.create(
                DefaultSchemePortResolver.INSTANCE, attempt.resolver,
                RegistryBuilder.<TlsSocketStrategy>create().register(URIScheme.HTTPS.id, tls).build(), null);
        connections.setConnectionConfig(ConnectionConfig.custom()
                .setConnectTimeout(Timeout.of(settings.connectTimeout())).setSocketTimeout(total).build());
        connections.setTlsConfig(TlsConfig.custom().setHandshakeTimeout(total)
                .setSupportedProtocols(TLS.V_1_3, TLS.V_1_2).build());
        return HttpClients.custom()
                .setConnectionManager(connections)
                .disableRedirectHandling() // RFC 8461 §3.3: redirects are not followed
                .disableAutomaticRetries()
                .disableContentCompression() // the size limit applies to the bytes on the wire
                .disableCookieManagement()
                .disableAuthCaching()
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(total).setRedirectsEnabled(false).build())
                .setUserAgent("james-mta-sts")
                .build();
    }

    /** The attempt's TLS context with its trust manager wrapped to record the chain; decisions unchanged. */
    private static SSLContext observingContext(Attempt attempt) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {
                new ChainRecordingTrustManager(attempt.tls.trustManager(), attempt.recorder)}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no TLS implementation", e);
        }
    }

    private static boolean peerMatches(SSLSession session, DomainName host) {
        try {
            Certificate[] peer = session.getPeerCertificates();
            return peer.length > 0 && peer[0] instanceof X509Certificate
                    && DnsIdMatcher.matches((X509Certificate) peer[0], host);
        } catch (SSLPeerUnverifiedException e) {
            return false;
        }
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // the request was cancelled on purpose, or the client is done: nothing left to release
        }
    }

    /** What one fetch needs to classify its failure. */
    private static final class Attempt {
        final String url;
        final DomainName host;
        final TlsClientContext tls;
        final PolicyHostResolver resolver;
        final ObservedFetch.Recorder recorder;

        Attempt(String url, DomainName host, TlsClientContext tls, PolicyHostResolver resolver,
                ObservedFetch.Recorder recorder) {
            this.recorder = recorder;
            this.url = url;
            this.host = host;
            this.tls = tls;
            this.resolver = resolver;
        }
    }
}
