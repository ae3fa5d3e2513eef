package dev.mtasts.core.fetch;

import java.util.Objects;
import java.util.Optional;

import dev.mtasts.core.Failure;
import dev.mtasts.core.policy.StsPolicy;

/**
 * What one policy fetch gave: a valid policy, or a {@link Failure} whose result type is
 * {@code sts-policy-fetch-error}, {@code sts-webpki-invalid} or {@code sts-policy-invalid}. Immutable.
 */
public final class FetchResult {
    private final StsPolicy policy;
    private final Failure failure;

    private FetchResult(StsPolicy policy, Failure failure) {
        this.policy = policy;
        this.failure = failure;
    }

    public static FetchResult success(StsPolicy policy) {
        return new FetchResult(Objects.requireNonNull(policy), null);
    }

    public static FetchResult failure(Failure failure) {
        return new FetchResult(null, Objects.requireNonNull(failure));
    }

    public boolean isSuccess() {
        return policy != null;
    }

    public Optional<StsPolicy> policy() {
        return Optional.ofNullable(policy);
    }

    public Optional<Failure> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public String toString() {
        return policy != null ? "fetched " + policy : "failed " + failure;
    }
}
