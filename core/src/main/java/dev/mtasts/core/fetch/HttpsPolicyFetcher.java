package dev.mtasts.core.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.Failure;
import dev.mtasts.core.Parsed;
import dev.mtasts.core.dns.DnsAnswer;
import dev.mtasts.core.dns.DnsResolver;
import dev.mtasts.core.policy.StsPolicy;
import dev.mtasts.core.policy.StsPolicyParser;
import dev.mtasts.core.tls.CertificateProblem;
import dev.mtasts.core.tls.CertificateVerifier;
import dev.mtasts.core.tls.TlsClientContext;

/**
 * Fetches {@code https://mta-sts.<policy-domain>/.well-known/mta-sts.txt} as RFC 8461 §3.3 says, with Apache
 * HttpClient 5 (classic): the host resolved through the project's {@link DnsResolver}; TLS 1.2 or higher,
 * SNI and certificate identity = the policy host, PKIX against the configured trust
 * ({@link CertificateVerifier}); only 200 accepted, no redirect followed, no HTTP cache, {@code text/plain}
 * required, the body capped and the whole exchange bounded by {@link FetchSettings}; the body decoded as
 * UTF-8 and parsed with {@link StsPolicyParser}.
 *
 * <p>One deadline per fetch: {@link FetchSettings#totalTimeout()} runs from the start of the policy host's
 * address lookup to the last body byte, across every address tried. At most
 * {@link FetchSettings#MAX_ADDRESSES} addresses of the host are tried, in the resolver's order (IPv4 first),
 * each with a fresh connection pinned to it; the next one only when the previous gave no TLS session (refused,
 * no answer within {@link FetchSettings#connectTimeout()}, handshake failure without a certificate verdict).
 * Once a TLS session exists, its outcome is the fetch's. Watchdogs close the connection when the per-address
 * connect bound or the fetch deadline passes, so a host that accepts TCP and never speaks TLS, or drips its
 * answer, cannot hold the caller longer. The address lookup itself is one blocking resolver call bounded by
 * the resolver's own timeouts; no connection is started once the deadline has passed.
 *
 * <p>Each fetch uses its own short-lived clients and connections: nothing is pooled, cached or reused between
 * fetches (a policy is fetched at most a few times a day per domain, so this costs nothing that matters).
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
        long deadline = System.nanoTime() + settings.totalTimeout().toNanos();
        // RFC 8461 §3.3: the policy host is "mta-sts." prepended to the policy domain
        Parsed<DomainName> parsedHost = DomainName.parse("mta-sts." + policyDomain.asciiName());
        if (!parsedHost.isValid()) {
            return new ObservedFetch.Recorder("https://mta-sts." + policyDomain.asciiName() + PATH).finish(
                    FetchResult.failure(FetchFailures.badHostName(policyDomain.asciiName(), parsedHost.describeErrors())));
        }
        DomainName host = parsedHost.value();
        String url = "https://" + host.asciiName() + (settings.port() == 443 ? "" : ":" + settings.port()) + PATH;
        Fetch fetch = new Fetch(url, host, TlsClientContext.forHost(host, verifier), new ObservedFetch.Recorder(url));
        FetchResult result = run(fetch, deadline);
        fetch.tls.problem().ifPresent(fetch.recorder::certificateProblem);
        return fetch.recorder.finish(result);
    }

    private FetchResult run(Fetch fetch, long deadline) {
        DnsAnswer<InetAddress> answer = lookUp(fetch.host);
        if (!answer.isFound()) {
            String host = fetch.host.asciiName();
            return FetchResult.failure(answer.status() == DnsAnswer.Status.NO_RECORD
                    ? FetchFailures.dnsNoAddress(fetch.url, host, answer.detail())
                    : FetchFailures.dnsFailed(fetch.url, host, answer.detail()));
        }
        List<InetAddress> all = answer.records();
        List<String> tried = new ArrayList<>();
        Failure last = null;
        // RFC 8461 §3.3 lets senders bound the fetch; we also bound how many addresses one fetch tries
        for (InetAddress address : all.subList(0, Math.min(all.size(), FetchSettings.MAX_ADDRESSES))) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                break;
            }
            Outcome outcome = tryAddress(fetch, address, remaining);
            if (!outcome.tryNext) {
                if (outcome.failure == null) {
                    return outcome.result;
                }
                if (all.size() > 1) {
                    tried.add(address.getHostAddress() + " (" + outcome.failure.code() + ")");
                }
                return FetchResult.failure(FetchFailures.withAddresses(outcome.failure, tried, all.size()));
            }
            tried.add(address.getHostAddress() + " (" + outcome.note + ")");
            last = outcome.failure;
        }
        Failure failure = last == null && tried.isEmpty()
                ? FetchFailures.lookupTookTheDeadline(fetch.url, fetch.host.asciiName(), settings.totalTimeout())
                : last == null || deadline - System.nanoTime() <= 0
                ? FetchFailures.timeout(fetch.url, settings.totalTimeout(), false) : last;
        return FetchResult.failure(FetchFailures.withAddresses(failure, tried, all.size()));
    }

    private DnsAnswer<InetAddress> lookUp(DomainName host) {
        try {
            return dns.addresses(host);
        } catch (RuntimeException e) {
            return DnsAnswer.failed("the resolver failed unexpectedly: " + e);
        }
    }

    /** One address: connect, handshake, request, read; {@code remaining} nanoseconds of the fetch left. */
    private Outcome tryAddress(Fetch fetch, InetAddress address, long remaining) {
        HttpGet get = new HttpGet(fetch.url);
        // RFC 8461 §3.3 "HTTP caching MUST NOT be used": we have no cache; this asks intermediaries for none either
        get.setHeader("Cache-Control", "no-cache");
        AddressAttempt attempt = new AddressAttempt(address, get);
        long connectBound = Math.min(settings.connectTimeout().toNanos(), remaining);
        CompletableFuture<Void> connectWatch = CompletableFuture.runAsync(attempt::connectBoundPassed,
                CompletableFuture.delayedExecutor(connectBound, TimeUnit.NANOSECONDS));
        CompletableFuture<Void> deadlineWatch = CompletableFuture.runAsync(attempt::deadlinePassed,
                CompletableFuture.delayedExecutor(remaining, TimeUnit.NANOSECONDS));
        CloseableHttpClient client = PolicyHttpClient.create(fetch.host, fetch.tls, fetch.recorder, attempt,
                Duration.ofNanos(connectBound), Duration.ofNanos(remaining));
        try {
            ClassicHttpResponse response = client.executeOpen(null, get, null);
            try {
                return Outcome.done(read(response, fetch.url, fetch.recorder));
            } finally {
                get.cancel(); // discard the connection instead of draining an unread (maybe endless) body
                AddressAttempt.closeQuietly(response);
            }
        } catch (IOException | RuntimeException e) {
            return classify(e, fetch, attempt, Duration.ofNanos(connectBound));
        } finally {
            connectWatch.cancel(false);
            deadlineWatch.cancel(false);
            AddressAttempt.closeQuietly(client); // after the outcome is known: a failing close changes nothing
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
            // not closed here: closing would drain the rest of a huge body; the caller cancels the request,
            // which discards the connection, before it closes the response
            InputStream in = entity.getContent();
            body = in.readNBytes(limit + 1);
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

    private Outcome classify(Exception e, Fetch fetch, AddressAttempt attempt, Duration connectBound) {
        Optional<CertificateProblem> problem = fetch.tls.problem();
        if (problem.isPresent()) {
            return Outcome.failed(FetchFailures.certificate(fetch.url, problem.get()));
        }
        if (attempt.isDeadlinePassed()) {
            return Outcome.failed(FetchFailures.timeout(fetch.url, settings.totalTimeout(), attempt.isHandshakeDone()));
        }
        if (attempt.isHandshakeDone()) {
            // a TLS session exists: this server's answer is the fetch's answer
            return Outcome.failed(e instanceof SocketTimeoutException
                    ? FetchFailures.timeout(fetch.url, settings.totalTimeout(), true)
                    : FetchFailures.io(fetch.url, e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
        if (attempt.connectExpired() || e instanceof ConnectTimeoutException || e instanceof SocketTimeoutException) {
            return Outcome.next(FetchFailures.connectTimeout(fetch.url, connectBound),
                    "no TLS session within " + FetchFailures.seconds(connectBound));
        }
        if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            return Outcome.next(FetchFailures.connectRefused(fetch.url, String.valueOf(e.getMessage())), "refused");
        }
        if (e instanceof SSLException) {
            return Outcome.next(FetchFailures.tlsHandshake(fetch.url, String.valueOf(e.getMessage())),
                    "TLS handshake failed");
        }
        return Outcome.next(FetchFailures.io(fetch.url, e.getClass().getSimpleName() + ": " + e.getMessage()),
                "I/O error");
    }

    /** What one fetch shares across its address tries. */
    private static final class Fetch {
        final String url;
        final DomainName host;
        final TlsClientContext tls;
        final ObservedFetch.Recorder recorder;

        Fetch(String url, DomainName host, TlsClientContext tls, ObservedFetch.Recorder recorder) {
            this.recorder = recorder;
            this.url = url;
            this.host = host;
            this.tls = tls;
        }
    }

    /** The end of one address try: the fetch's result, or a failure that lets the next address be tried. */
    private static final class Outcome {
        final FetchResult result;
        final Failure failure;
        final boolean tryNext;
        final String note;

        private Outcome(FetchResult result, Failure failure, boolean tryNext, String note) {
            this.result = result;
            this.failure = failure;
            this.tryNext = tryNext;
            this.note = note;
        }

        static Outcome done(FetchResult result) {
            return new Outcome(result, null, false, "");
        }

        static Outcome failed(Failure failure) {
            return new Outcome(null, failure, false, "");
        }

        static Outcome next(Failure failure, String note) {
            return new Outcome(null, failure, true, note);
        }
    }
}
