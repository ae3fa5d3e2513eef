package dev.mtasts.core.fetch;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import dev.mtasts.core.tls.CertificateProblem;

/**
 * One policy fetch as {@link HttpsPolicyFetcher#fetchObserved} saw it: the {@link FetchResult} a sender acts
 * on, plus what happened on the way, for diagnostics (the {@code check} command): the negotiated TLS protocol,
 * the certificate chain the server sent, the HTTP status, {@code Location}, {@code Content-Type}, the body and
 * the time taken. Each observation is empty when the fetch stopped before reaching it (no chain after a
 * refused connection, no status after a failed handshake). Immutable.
 */
public final class ObservedFetch {
    private final FetchResult result;
    private final String url;
    private final String tlsProtocol;
    private final List<X509Certificate> peerChain;
    private final int status;
    private final String location;
    private final String contentType;
    private final long announcedLength;
    private final long bodyBytes;
    private final String body;
    private final Duration elapsed;
    private final CertificateProblem certificateProblem;

    private ObservedFetch(Recorder recorder, FetchResult result, Duration elapsed) {
        this.result = Objects.requireNonNull(result);
        this.url = recorder.url;
        this.tlsProtocol = recorder.tlsProtocol;
        this.peerChain = List.copyOf(recorder.peerChain);
        this.status = recorder.status;
        this.location = recorder.location;
        this.contentType = recorder.contentType;
        this.announcedLength = recorder.announcedLength;
        this.bodyBytes = recorder.bodyBytes;
        this.body = recorder.body;
        this.elapsed = Objects.requireNonNull(elapsed);
        this.certificateProblem = recorder.certificateProblem;
    }

    /** What a sender concludes: exactly what {@link HttpsPolicyFetcher#fetch} returns. */
    public FetchResult result() {
        return result;
    }

    /** The URL fetched, e.g. {@code https://mta-sts.example.com/.well-known/mta-sts.txt}. */
    public String url() {
        return url;
    }

    /** The negotiated protocol ({@code TLSv1.3}), when the handshake completed. */
    public Optional<String> tlsProtocol() {
        return Optional.ofNullable(tlsProtocol);
    }

    /** The chain the server sent (leaf first), empty when the handshake did not get that far. */
    public List<X509Certificate> peerChain() {
        return peerChain;
    }

    /** The HTTP status, when a response arrived. */
    public OptionalInt status() {
        return status < 0 ? OptionalInt.empty() : OptionalInt.of(status);
    }

    /** The {@code Location} header of a response that had one. */
    public Optional<String> location() {
        return Optional.ofNullable(location);
    }

    /** The {@code Content-Type} header of a response that had one. */
    public Optional<String> contentType() {
        return Optional.ofNullable(contentType);
    }

    /** The {@code Content-Length} the server announced, when it announced one. */
    public OptionalLong announcedLength() {
        return announcedLength < 0 ? OptionalLong.empty() : OptionalLong.of(announcedLength);
    }

    /** How many body bytes were read (at most the limit plus one), when the body was read. */
    public OptionalLong bodyBytes() {
        return bodyBytes < 0 ? OptionalLong.empty() : OptionalLong.of(bodyBytes);
    }

    /** The body decoded as UTF-8, when it was read within the size limit and decoded. */
    public Optional<String> body() {
        return Optional.ofNullable(body);
    }

    /** Why the certificate was refused, when that stopped the fetch. */
    public Optional<CertificateProblem> certificateProblem() {
        return Optional.ofNullable(certificateProblem);
    }

    /** From the start of the fetch to its outcome. */
    public Duration elapsed() {
        return elapsed;
    }

    @Override
    public String toString() {
        return "ObservedFetch{" + url + ", " + result + ", tls=" + tlsProtocol + ", status=" + status + ", "
                + elapsed.toMillis() + " ms}";
    }

    /**
     * Collects observations during one fetch. The fetch runs on the calling thread (trust manager and host
     * name check included); fields are volatile because a watchdog thread may end the fetch.
     */
    static final class Recorder {
        private final long startNanos = System.nanoTime();
        private volatile String url;
        private volatile String tlsProtocol;
        private volatile List<X509Certificate> peerChain = List.of();
        private volatile int status = -1;
        private volatile String location;
        private volatile String contentType;
        private volatile long announcedLength = -1;
        private volatile long bodyBytes = -1;
        private volatile String body;
        private volatile CertificateProblem certificateProblem;

        Recorder(String url) {
            this.url = url;
        }

        void peerChain(List<X509Certificate> chain) {
            this.peerChain = List.copyOf(chain);
        }

        void tlsProtocol(String protocol) {
            this.tlsProtocol = protocol;
        }

        void response(int statusCode, String locationHeader, String contentTypeHeader) {
            this.status = statusCode;
            this.location = locationHeader;
            this.contentType = contentTypeHeader;
        }

        void announcedLength(long length) {
            this.announcedLength = length;
        }

        void bodyBytes(long count) {
            this.bodyBytes = count;
        }

        void body(String text) {
            this.body = text;
        }

        void certificateProblem(CertificateProblem problem) {
            this.certificateProblem = problem;
        }

        ObservedFetch finish(FetchResult result) {
            return new ObservedFetch(this, result, Duration.ofNanos(System.nanoTime() - startNanos));
        }
    }
}
