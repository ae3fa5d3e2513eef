package dev.mtasts.core;

/**
 * Every failure this plugin can record, as a closed list: its reason code on the wire (RFC 8460 §4.4
 * {@code failure-reason-code}, also the code in logs, the DSN and the diagnostics output) and the RFC 8460
 * §4.3 result type it is reported as. A new kind of failure is one more constant here; nothing else builds
 * a {@link Failure}.
 *
 * <p>The same wire code can appear twice with different result types: a certificate problem of the policy
 * host is {@code sts-webpki-invalid} (RFC 8460 §4.3.2), the same problem of an MX host has its own §4.3.1
 * type. {@link #HTTP_STATUS} and {@link #HTTP_REDIRECT} are families whose wire code ends in the HTTP status
 * ({@code http-status-404}), see {@link Failure#of(FailureCode, int, String)}.
 */
public enum FailureCode {
    // ---- SMTP sessions (RFC 8460 §4.3.1) ----
    /** RFC 8460 §4.3.1: the MX did not offer STARTTLS in its EHLO answer, refused it, or refused EHLO. */
    STARTTLS_NOT_SUPPORTED("starttls-not-supported", ResultType.STARTTLS_NOT_SUPPORTED),
    /** The MX's certificate is expired. */
    CERTIFICATE_EXPIRED("certificate-expired", ResultType.CERTIFICATE_EXPIRED),
    /** No path from the MX's certificate to a trusted root. */
    CERTIFICATE_NOT_TRUSTED("certificate-not-trusted", ResultType.CERTIFICATE_NOT_TRUSTED),
    /** The MX's certificate does not name the MX host (RFC 6125). */
    CERTIFICATE_HOST_MISMATCH("certificate-host-mismatch", ResultType.CERTIFICATE_HOST_MISMATCH),
    // SPEC-GAP: RFC 8460 has no type for a certificate not valid yet; validation-failure is the catch-all of
    // §4.3.1, and the code says exactly what happened.
    /** The MX's certificate is not valid yet. */
    CERTIFICATE_NOT_YET_VALID("certificate-not-yet-valid", ResultType.VALIDATION_FAILURE),
    /** Any other certificate problem of the MX (no certificate, wrong key usage, refused key). */
    CERTIFICATE_INVALID("certificate-invalid", ResultType.VALIDATION_FAILURE),
    /** TLS was established under a policy but its certificate was never validated. */
    CERTIFICATE_NOT_VALIDATED("certificate-not-validated", ResultType.VALIDATION_FAILURE),
    /** The SMTP client refused to go on over a TLS session whose certificate did not validate. */
    TLS_NOT_VALIDATED("tls-not-validated", ResultType.VALIDATION_FAILURE),
    /** The STARTTLS handshake with the MX failed (no common version or cipher; RFC 8461 §7.2 wants TLS 1.2+). */
    TLS_HANDSHAKE_FAILED("tls-handshake-failed", ResultType.VALIDATION_FAILURE),
    /** RFC 8461 §4.1: the MX host does not match the policy's mx patterns. */
    MX_NOT_IN_POLICY("mx-not-in-policy", ResultType.VALIDATION_FAILURE),

    // ---- The policy TXT record (RFC 8461 §3.1) ----
    /** Not exactly one valid {@code v=STSv1} record. */
    TXT_INVALID("txt-invalid", ResultType.STS_POLICY_INVALID),
    /** The TXT query failed (SERVFAIL, timeout). */
    TXT_LOOKUP_FAILED("txt-lookup-failed", ResultType.STS_POLICY_FETCH_ERROR),
    /** The TXT query and fetch together took longer than the lookup bound. */
    LOOKUP_TIMEOUT("lookup-timeout", ResultType.STS_POLICY_FETCH_ERROR),

    // ---- The policy fetch (RFC 8461 §3.3; RFC 8460 §4.3.2) ----
    FETCH_INTERNAL_ERROR("fetch-internal-error", ResultType.STS_POLICY_FETCH_ERROR),
    DNS_NO_ADDRESS("dns-no-address", ResultType.STS_POLICY_FETCH_ERROR),
    DNS_FAILED("dns-failed", ResultType.STS_POLICY_FETCH_ERROR),
    BAD_HOST_NAME("bad-host-name", ResultType.STS_POLICY_FETCH_ERROR),
    CONNECT_REFUSED("connect-refused", ResultType.STS_POLICY_FETCH_ERROR),
    CONNECT_TIMEOUT("connect-timeout", ResultType.STS_POLICY_FETCH_ERROR),
    FETCH_TIMEOUT("timeout", ResultType.STS_POLICY_FETCH_ERROR),
    POLICY_TLS_HANDSHAKE_FAILED("tls-handshake-failed", ResultType.STS_POLICY_FETCH_ERROR),
    IO_ERROR("io-error", ResultType.STS_POLICY_FETCH_ERROR),
    /** A status other than 200; the wire code ends in the status: {@code http-status-404}. */
    HTTP_STATUS("http-status-", ResultType.STS_POLICY_FETCH_ERROR),
    /** A 3xx answer, never followed (RFC 8461 §3.3): {@code http-redirect-301}. */
    HTTP_REDIRECT("http-redirect-", ResultType.STS_POLICY_FETCH_ERROR),
    WRONG_CONTENT_TYPE("wrong-content-type", ResultType.STS_POLICY_FETCH_ERROR),
    BODY_TOO_LARGE("body-too-large", ResultType.STS_POLICY_FETCH_ERROR),
    POLICY_NOT_UTF8("policy-not-utf8", ResultType.STS_POLICY_INVALID),
    POLICY_INVALID("policy-invalid", ResultType.STS_POLICY_INVALID),
    /** RFC 8460 §4.3.2: every certificate problem of the policy host is sts-webpki-invalid. */
    POLICY_CERTIFICATE_EXPIRED("certificate-expired", ResultType.STS_WEBPKI_INVALID),
    POLICY_CERTIFICATE_NOT_YET_VALID("certificate-not-yet-valid", ResultType.STS_WEBPKI_INVALID),
    POLICY_CERTIFICATE_NOT_TRUSTED("certificate-not-trusted", ResultType.STS_WEBPKI_INVALID),
    POLICY_CERTIFICATE_HOST_MISMATCH("certificate-host-mismatch", ResultType.STS_WEBPKI_INVALID),
    POLICY_CERTIFICATE_INVALID("certificate-invalid", ResultType.STS_WEBPKI_INVALID);

    private final String wire;
    private final ResultType resultType;

    FailureCode(String wire, ResultType resultType) {
        this.wire = wire;
        this.resultType = resultType;
    }

    /** The reason code as written in reports and logs; for the numbered families, the prefix. */
    public String wireCode() {
        return wire;
    }

    public ResultType resultType() {
        return resultType;
    }

    /** True for the families whose wire code ends in a number ({@link #HTTP_STATUS}, {@link #HTTP_REDIRECT}). */
    public boolean numbered() {
        return wire.endsWith("-");
    }
}
