package dev.mtasts.core.tls;

import java.util.Objects;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.FailureCode;

/**
 * Why a server certificate was refused, as a value: what kind of problem, for which expected host, and one
 * sentence naming the certificate (its names or subject, the date that matters) that the host's owner can act
 * on. It deliberately carries no TLS-RPT result type: the HTTPS policy fetch reports every problem as
 * {@code sts-webpki-invalid}, while SMTP delivery maps {@link Kind#EXPIRED} to {@code certificate-expired},
 * {@link Kind#NOT_TRUSTED} to {@code certificate-not-trusted}, {@link Kind#HOST_MISMATCH} to
 * {@code certificate-host-mismatch} (RFC 8460 §4.3.1). Immutable.
 */
public final class CertificateProblem {
    /** The kinds of problem, kept apart because they are different report fields (RFC 8460 §4.3.1). */
    public enum Kind {
        /** The certificate (or one in its chain) is past its notAfter. */
        EXPIRED(FailureCode.CERTIFICATE_EXPIRED, FailureCode.POLICY_CERTIFICATE_EXPIRED),
        /** The certificate (or one in its chain) is before its notBefore. */
        NOT_YET_VALID(FailureCode.CERTIFICATE_NOT_YET_VALID, FailureCode.POLICY_CERTIFICATE_NOT_YET_VALID),
        /** No path to a trusted root: unknown CA, self-signed, or intermediates missing. */
        NOT_TRUSTED(FailureCode.CERTIFICATE_NOT_TRUSTED, FailureCode.POLICY_CERTIFICATE_NOT_TRUSTED),
        /** A trusted, current certificate whose DNS-IDs do not cover the expected host (RFC 6125). */
        HOST_MISMATCH(FailureCode.CERTIFICATE_HOST_MISMATCH, FailureCode.POLICY_CERTIFICATE_HOST_MISMATCH),
        /** Anything else (no certificate, wrong key usage, unusable trust configuration). */
        OTHER(FailureCode.CERTIFICATE_INVALID, FailureCode.POLICY_CERTIFICATE_INVALID);

        // The one place where a certificate problem becomes a failure code (RFC 8460 §4.3.1 for SMTP
        // sessions, §4.3.2 sts-webpki-invalid for the policy host).
        private final FailureCode mxHost;
        private final FailureCode policyHost;

        Kind(FailureCode mxHost, FailureCode policyHost) {
            this.mxHost = mxHost;
            this.policyHost = policyHost;
        }

        /** The failure code of this problem on an MX host's certificate (RFC 8460 §4.3.1). */
        public FailureCode mxHostCode() {
            return mxHost;
        }

        /** The failure code of this problem on the policy host's certificate (RFC 8460 §4.3.2). */
        public FailureCode policyHostCode() {
            return policyHost;
        }
    }

    private final Kind kind;
    private final DomainName expectedHost;
    private final String sentence;

    public CertificateProblem(Kind kind, DomainName expectedHost, String sentence) {
        this.kind = Objects.requireNonNull(kind);
        this.expectedHost = Objects.requireNonNull(expectedHost);
        this.sentence = Objects.requireNonNull(sentence);
    }

    public Kind kind() {
        return kind;
    }

    /** The host the certificate had to be valid for (the policy host or the MX host). */
    public DomainName expectedHost() {
        return expectedHost;
    }

    /** E.g. "the certificate presented for mx1.example.test (names: mx1.example.test) expired on 2026-01-01T00:00:00Z". */
    public String sentence() {
        return sentence;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CertificateProblem)) {
            return false;
        }
        CertificateProblem other = (CertificateProblem) o;
        return kind == other.kind && expectedHost.equals(other.expectedHost) && sentence.equals(other.sentence);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, expectedHost, sentence);
    }

    @Override
    public String toString() {
        return kind + ": " + sentence;
    }
}
