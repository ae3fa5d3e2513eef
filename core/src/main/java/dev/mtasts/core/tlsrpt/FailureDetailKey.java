package dev.mtasts.core.tlsrpt;

import java.util.Objects;
import java.util.Optional;

import dev.mtasts.core.ResultType;

/**
 * What failure-details entries of RFC 8460 §4.4 are keyed by: result type, sending and receiving address,
 * receiving MX name and HELO, and the reason code. Absent optional fields are null here and omitted from
 * the report. Immutable.
 */
public final class FailureDetailKey {
    private final ResultType resultType;
    private final String sendingMtaIp;
    private final String receivingIp;
    private final String receivingMxHostname;
    private final String receivingMxHelo;
    private final String failureReasonCode;

    public FailureDetailKey(ResultType resultType, String sendingMtaIp, String receivingIp, String receivingMxHostname,
            String receivingMxHelo, String failureReasonCode) {
        this.resultType = Objects.requireNonNull(resultType);
        this.sendingMtaIp = sendingMtaIp;
        this.receivingIp = receivingIp;
        this.receivingMxHostname = receivingMxHostname;
        this.receivingMxHelo = receivingMxHelo;
        this.failureReasonCode = failureReasonCode;
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
