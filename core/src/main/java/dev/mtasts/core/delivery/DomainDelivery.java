package dev.mtasts.core.delivery;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.cache.PolicyLookup;
import dev.mtasts.core.delivery.RecipientOutcome.Status;

/** The result of one delivery round to one domain: every attempt, and each recipient's fate. Immutable. */
public final class DomainDelivery {
    private final DomainName domain;
    private final PolicyLookup lookup;
    private final TlsMode mode;
    private final List<AttemptResult> attempts;
    private final List<RecipientOutcome> recipients;

    public DomainDelivery(DomainName domain, PolicyLookup lookup, TlsMode mode, List<AttemptResult> attempts,
            List<RecipientOutcome> recipients) {
        this.domain = Objects.requireNonNull(domain);
        this.lookup = Objects.requireNonNull(lookup);
        this.mode = Objects.requireNonNull(mode);
        this.attempts = List.copyOf(attempts);
        this.recipients = List.copyOf(recipients);
    }

    public DomainName domain() {
        return domain;
    }

    /** The policy lookup the round was made under. */
    public PolicyLookup lookup() {
        return lookup;
    }

    public TlsMode mode() {
        return mode;
    }

    public List<AttemptResult> attempts() {
        return attempts;
    }

    public List<RecipientOutcome> recipients() {
        return recipients;
    }

    public List<RecipientOutcome> recipients(Status status) {
        return recipients.stream().filter(r -> r.status() == status).collect(Collectors.toList());
    }

    /** True when some attempt failed for a reason the policy imposes (retrying after a policy change may help). */
    public boolean failedOnPolicy() {
        return attempts.stream().anyMatch(a -> a.outcome() == AttemptResult.Outcome.TLS_FAILED
                || a.outcome() == AttemptResult.Outcome.NOT_CONTACTED);
    }

    @Override
    public String toString() {
        return domain + " " + mode + " attempts=" + attempts + " recipients=" + recipients;
    }
}
