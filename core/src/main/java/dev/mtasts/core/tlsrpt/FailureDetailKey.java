package dev.mtasts.core.tlsrpt;

import java.util.Objects;
import java.util.Optional;

import dev.mtasts.core.RemoteText;
import dev.mtasts.core.ResultType;

/**
 * What failure-details entries of RFC 8460 §4.4 are keyed by: result type, sending and receiving address,
 * receiving MX name and HELO, and the reason code. Absent optional fields are null here and omitted from
 * the report. Every field is cleaned and capped on construction (also when read back from a checkpoint):
 * {@code receiving-mx-helo} is dropped unless it is a host name ({@link RemoteText#hostName(String)}).
 * Immutable.
 */
public final class FailureDetailKey {
    /** Longest address kept (an IPv6 address with zone is far shorter). */
    public static final int ADDRESS_MAX = 64;
    /** Longest failure-reason-code kept. */
    public static final int REASON_CODE_MAX = 64;

    private final ResultType resultType;
    private final String sendingMtaIp;
    private final String receivingIp;
    private final String receivingMxHostname;
    private final String receivingMxHelo;
    private final String failureReasonCode;

    public FailureDetailKey(ResultType resultType, String sendingMtaIp, String receivingIp, String receivingMxHostname,
            String receivingMxHelo, String failureReasonCode) {
        this.resultType = Objects.requireNonNull(resultType);
        this.sendingMtaIp = capped(sendingMtaIp, ADDRESS_MAX);
        this.receivingIp = capped(receivingIp, ADDRESS_MAX);
        this.receivingMxHostname = capped(receivingMxHostname, RemoteText.HOST_NAME_MAX);
        // The HELO name is chosen by the MX: kept only when it is a host name (at most 255 octets), so a hostile
        // MX cannot store a remote-sized string in the aggregates for the 30 days they live.
        this.receivingMxHelo = receivingMxHelo == null ? null : RemoteText.hostName(receivingMxHelo).orElse(null);
        this.failureReasonCode = capped(failureReasonCode, REASON_CODE_MAX);
    }

    private static String capped(String text, int max) {
        return text == null ? null : RemoteText.clean(text, max);
    }

    public ResultType resultType() {
        return resultType;
    }

    public Optional<String> sendingMtaIp() {
        return Optional.ofNullable(sendingMtaIp);
    }

    public Optional<String> receivingIp() {
        return Optional.ofNullable(receivingIp);
    }

    public Optional<String> receivingMxHostname() {
        return Optional.ofNullable(receivingMxHostname);
    }

    public Optional<String> receivingMxHelo() {
        return Optional.ofNullable(receivingMxHelo);
    }

    public Optional<String> failureReasonCode() {
        return Optional.ofNullable(failureReasonCode);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FailureDetailKey)) {
            return false;
        }
        FailureDetailKey other = (FailureDetailKey) o;
        return resultType == other.resultType && Objects.equals(sendingMtaIp, other.sendingMtaIp)
                && Objects.equals(receivingIp, other.receivingIp)
                && Objects.equals(receivingMxHostname, other.receivingMxHostname)
                && Objects.equals(receivingMxHelo, other.receivingMxHelo)
                && Objects.equals(failureReasonCode, other.failureReasonCode);
    }

    @Override
    public int hashCode() {
        return Objects.hash(resultType, sendingMtaIp, receivingIp, receivingMxHostname, receivingMxHelo,
                failureReasonCode);
    }

    @Override
    public String toString() {
        return resultType + " " + receivingMxHostname + " [" + receivingIp + "] " + failureReasonCode;
    }
}
