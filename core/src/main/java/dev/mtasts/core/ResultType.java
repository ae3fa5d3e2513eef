package dev.mtasts.core;

/**
 * The TLS-RPT result types of RFC 8460 §4.3, spelt on the wire exactly as the RFC writes them. Every failure
 * this project detects maps to exactly one of these.
 */
public enum ResultType {
    // RFC 8460 §4.3.1 negotiation failures
    STARTTLS_NOT_SUPPORTED("starttls-not-supported"),
    CERTIFICATE_HOST_MISMATCH("certificate-host-mismatch"),
    CERTIFICATE_EXPIRED("certificate-expired"),
    CERTIFICATE_NOT_TRUSTED("certificate-not-trusted"),
    VALIDATION_FAILURE("validation-failure"),
    // RFC 8460 §4.3.2 policy failures (DANE types are listed for completeness; this plugin has no DANE)
    TLSA_INVALID("tlsa-invalid"),
    DNSSEC_INVALID("dnssec-invalid"),
    DANE_REQUIRED("dane-required"),
    STS_POLICY_FETCH_ERROR("sts-policy-fetch-error"),
    STS_POLICY_INVALID("sts-policy-invalid"),
    STS_WEBPKI_INVALID("sts-webpki-invalid");

    private final String wireName;

    ResultType(String wireName) {
        this.wireName = wireName;
    }

    /** The string RFC 8460 puts in {@code result-type}. */
    public String wireName() {
        return wireName;
    }

    /** The constant for a wire name, or null when there is none. */
    public static ResultType fromWireName(String wireName) {
        for (ResultType type : values()) {
            if (type.wireName.equals(wireName)) {
                return type;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
