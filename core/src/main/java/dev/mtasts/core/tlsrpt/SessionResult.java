package dev.mtasts.core.tlsrpt;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import dev.mtasts.core.Failure;
import dev.mtasts.core.delivery.AttemptResult;

/**
 * One TLS-RPT session (RFC 8460 §4.4): when it happened, the policy it was made under, and either success
 * or the failure detail it is counted under. Also says which delivery attempt it came from (empty for a
 * policy-fetch failure) and the failure with its human sentence, for the failure log. Immutable.
 */
public final class SessionResult {
    private final Instant time;
    private final PolicyKey policy;
    private final FailureDetailKey failureDetail;
    private final Failure failure;
    private final AttemptResult attempt;

    private SessionResult(Instant time, PolicyKey policy, FailureDetailKey failureDetail, Failure failure,
            AttemptResult attempt) {
        this.time = Objects.requireNonNull(time);
        this.policy = Objects.requireNonNull(policy);
        this.failureDetail = failureDetail;
        this.failure = failure;
        this.attempt = attempt;
    }

    /** A session that established TLS (validated, when an sts policy applied). */
    public static SessionResult success(Instant time, PolicyKey policy, AttemptResult attempt) {
        return new SessionResult(time, policy, null, null, attempt);
    }

    /** A failed session; {@code attempt} is null for a policy-fetch failure. */
    public static SessionResult failure(Instant time, PolicyKey policy, FailureDetailKey detail, Failure failure,
            AttemptResult attempt) {
        return new SessionResult(time, policy, Objects.requireNonNull(detail), Objects.requireNonNull(failure),
                attempt);
    }

    public Instant time() {
        return time;
    }

    public PolicyKey policy() {
        return policy;
    }

    public boolean isSuccess() {
        return failureDetail == null;
    }

    /** The failure-details key this session counts under; empty for a success. */
    public Optional<FailureDetailKey> failureDetail() {
        return Optional.ofNullable(failureDetail);
    }

    /** The failure with its sentence; empty for a success. */
    public Optional<Failure> failure() {
        return Optional.ofNullable(failure);
    }

    /** The delivery attempt; empty for a policy-fetch failure. */
    public Optional<AttemptResult> attempt() {
        return Optional.ofNullable(attempt);
    }

    @Override
    public String toString() {
        return time + " " + policy + (failureDetail == null ? " success" : " " + failureDetail);
    }
}
