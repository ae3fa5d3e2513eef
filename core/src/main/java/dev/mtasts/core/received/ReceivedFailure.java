package dev.mtasts.core.received;

import java.util.Objects;
import java.util.Optional;

/**
 * One {@code failure-details} entry of a received report (RFC 8460 §4.4): the result type as the reporter
 * wrote it (a known RFC 8460 §4.3 type or any other string, cleaned), the optional address and host fields,
 * and the failed session count. Immutable.
 */
public final class ReceivedFailure {
    private final String resultType;
    private final Optional<String> sendingMtaIp;
    private final Optional<String> receivingIp;
    private final Optional<String> receivingMxHostname;
    private final Optional<String> receivingMxHelo;
    private final long failedSessions;
    private final Optional<String> failureReasonCode;
    private final Optional<String> additionalInformation;

    ReceivedFailure(String resultType, Optional<String> sendingMtaIp, Optional<String> receivingIp,
            Optional<String> receivingMxHostname, Optional<String> receivingMxHelo, long failedSessions,
            Optional<String> failureReasonCode, Optional<String> additionalInformation) {
        this.resultType = Objects.requireNonNull(resultType);
        this.sendingMtaIp = sendingMtaIp;
        this.receivingIp = receivingIp;
        this.receivingMxHostname = receivingMxHostname;
        this.receivingMxHelo = receivingMxHelo;
        this.failedSessions = failedSessions;
        this.failureReasonCode = failureReasonCode;
        this.additionalInformation = additionalInformation;
    }

    /** The {@code result-type}, cleaned; an RFC 8460 §4.3 wire name or whatever else the reporter wrote. */
    public String resultType() {
        return resultType;
    }

    public Optional<String> sendingMtaIp() {
        return sendingMtaIp;
    }

    public Optional<String> receivingIp() {
        return receivingIp;
    }

    public Optional<String> receivingMxHostname() {
        return receivingMxHostname;
    }

    public Optional<String> receivingMxHelo() {
        return receivingMxHelo;
    }

    public long failedSessions() {
        return failedSessions;
    }

    public Optional<String> failureReasonCode() {
        return failureReasonCode;
    }

    public Optional<String> additionalInformation() {
        return additionalInformation;
    }

    @Override
    public String toString() {
        return resultType + "=" + failedSessions + receivingMxHostname.map(h -> " mx=" + h).orElse("");
    }
}
