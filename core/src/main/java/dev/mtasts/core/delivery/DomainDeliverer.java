package dev.mtasts.core.delivery;

import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.mail.internet.MimeMessage;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.Failure;
import dev.mtasts.core.FailureCode;
import dev.mtasts.core.cache.PolicyLookup;
import dev.mtasts.core.dns.DnsAnswer;
import dev.mtasts.core.dns.DnsResolver;
import dev.mtasts.core.policy.MxPattern;
import dev.mtasts.core.policy.StsPolicy;
import dev.mtasts.core.smtp.Deadline;
import dev.mtasts.core.delivery.AttemptResult.Outcome;
import dev.mtasts.core.delivery.RecipientOutcome.Status;

/**
 * Delivers one message to the recipients of one domain under the policy in force (RFC 8461 §5): plans the
 * MX hosts, tries them in preference order, address by address, and stops at the first MX that answers the
 * mail transaction. Hosts that fail validation under enforce are skipped, never sent to. A round stays within its
 * {@link RoundLimits}: so many MX addresses, so many sessions, one deadline; MX addresses of this host are refused
 * unless allowed. Thread-safe.
 */
public final class DomainDeliverer {
    private final DnsResolver resolver;
    private final SmtpAttempt smtp;
    private final Clock clock;
    private final RoundLimits limits;

    /** A deliverer with {@link RoundLimits#defaults()} (MX addresses on this host refused). */
    public DomainDeliverer(DnsResolver resolver, SmtpAttempt smtp, Clock clock) {
        this(resolver, smtp, clock, RoundLimits.defaults());
    }

    public DomainDeliverer(DnsResolver resolver, SmtpAttempt smtp, Clock clock, RoundLimits limits) {
        this.resolver = resolver;
        this.smtp = smtp;
        this.clock = clock;
        this.limits = limits;
    }

    /** Never throws for DNS, network, TLS or SMTP trouble: every recipient gets an outcome. */
    public DomainDelivery deliver(DomainName domain, PolicyLookup lookup, Envelope envelope, MimeMessage message) {
        return deliver(domain, lookup, TlsMode.of(lookup), envelope, message);
    }

    /**
     * As {@link #deliver(DomainName, PolicyLookup, Envelope, MimeMessage)}, for a message whose sender asked
     * that TLS failures not stop it ({@code TLS-Required: No}, RFC 8689 §5): an enforce policy is applied as
     * testing, so failures are still validated and reported but the message goes out. RFC 8460 §5.3 wants
     * TLS reports delivered this way.
     */
    public DomainDelivery deliverDespiteTlsFailures(DomainName domain, PolicyLookup lookup, Envelope envelope,
            MimeMessage message) {
        TlsMode mode = TlsMode.of(lookup) == TlsMode.REQUIRE_VALIDATED ? TlsMode.VALIDATE_AND_REPORT : TlsMode.of(lookup);
        return deliver(domain, lookup, mode, envelope, message);
    }

    private DomainDelivery deliver(DomainName domain, PolicyLookup lookup, TlsMode mode, Envelope envelope,
            MimeMessage message) {
        StsPolicy policy = mode.validates() ? lookup.policy().get().policy() : null;
        MxPlan plan = MxPlan.plan(domain, resolver.mx(domain), policy, mode == TlsMode.REQUIRE_VALIDATED);
        List<AttemptResult> attempts = new ArrayList<>();
        if (plan.kind() != MxPlan.Kind.CANDIDATES) {
            Status status = plan.kind() == MxPlan.Kind.PERMANENT_FAILURE ? Status.PERMANENT_FAILURE : Status.TEMPORARY_FAILURE;
            return new DomainDelivery(domain, lookup, mode, attempts,
                    allRecipients(envelope, status, plan.reason(), plan.enhancedStatus()));
        }
        if (mode == TlsMode.REQUIRE_VALIDATED) {
            for (MxCandidate outside : plan.outsidePolicy()) {
                Failure failure = outsidePolicy(outside, domain, policy);
                attempts.add(AttemptResult.builder(outside, clock.instant()).tlsFailure(failure)
                        .outcome(Outcome.NOT_CONTACTED, failure.sentence()).build());
            }
        }
        Deadline round = Deadline.after("delivery round deadline", limits.roundTimeout());
        // A session is reused only under the very policy it was validated under (id and content).
        String policyId = policy == null ? "" : lookup.policy().get().id() + "/" + policy.lines().hashCode();
        Budget budget = new Budget();
        for (MxCandidate candidate : plan.candidates()) {
            if (budget.exhausted(round) != null) {
                break;
            }
            Failure outside = mode == TlsMode.VALIDATE_AND_REPORT && plan.outsidePolicy().contains(candidate)
                    ? outsidePolicy(candidate, domain, policy) : null;
            DnsAnswer<InetAddress> addresses = resolver.addresses(candidate.host());
            if (!addresses.isFound()) {
                attempts.add(AttemptResult.builder(candidate, clock.instant())
                        .outcome(Outcome.CONNECTION_FAILED, "the MX host " + candidate.host() + " has no address: "
                                + addresses.detail()).build());
                continue;
            }
            for (InetAddress address : addresses.records()) {
                if (budget.exhausted(round) != null) {
                    break;
                }
                budget.addresses++;
                if (!limits.allowLoopbackMx() && RoundLimits.isThisHost(address)) {
                    attempts.add(AttemptResult.builder(candidate, clock.instant()).address(address)
                            .outcome(Outcome.CONNECTION_FAILED, "the MX host " + candidate.host() + " resolves to "
                                    + address.getHostAddress() + ", an address of this host (loopback or"
                                    + " unspecified); delivery to it is refused (allowLoopbackMx is false)").build());
                    continue;
                }
                AttemptResult attempt = smtp.run(new SmtpAttempt.Target(candidate, address, mode, policyId),
                        envelope, message, round);
                if (attempt.greeted()) {
                    budget.sessions++;
                }
                if (outside != null && attempt.tlsFailure().isEmpty()) {
                    attempt = withFailure(attempt, outside);
                }
                attempts.add(attempt);
                if (attempt.reachedTransaction()) {
                    return new DomainDelivery(domain, lookup, mode, attempts, attempt.recipients());
                }
            }
        }
        boolean policyStopped = mode == TlsMode.REQUIRE_VALIDATED && (attempts.isEmpty() || attempts.stream()
                .anyMatch(a -> a.outcome() == Outcome.TLS_FAILED || a.outcome() == Outcome.NOT_CONTACTED));
        return new DomainDelivery(domain, lookup, mode, attempts,
                allRecipients(envelope, Status.TEMPORARY_FAILURE, noMxWorked(domain, mode, policy, attempts)
                        + budget.stopNote(),
                        policyStopped ? EnhancedStatus.TLS_POLICY : EnhancedStatus.NO_ANSWER));
    }

    /** What the round has used of its {@link RoundLimits}. */
    private final class Budget {
        private int addresses;
        private int sessions;
        private String stop;

        /** Why no further address may be tried, or null. */
        String exhausted(Deadline round) {
            if (stop == null && limits.mxAddressLimit() > 0 && addresses >= limits.mxAddressLimit()) {
                stop = "stopped after " + addresses + " MX addresses (mxAddressLimit " + limits.mxAddressLimit() + ")";
            } else if (stop == null && limits.mxSessionLimit() > 0 && sessions >= limits.mxSessionLimit()) {
                stop = "stopped after " + sessions + " SMTP sessions (mxSessionLimit " + limits.mxSessionLimit() + ")";
            } else if (stop == null && round.passed()) {
                stop = "stopped: " + round.description() + " passed";
            }
            return stop;
        }

        String stopNote() {
            return stop == null ? "" : "; " + stop;
        }
    }

    private static Failure outsidePolicy(MxCandidate mx, DomainName domain, StsPolicy policy) {
        String patterns = policy.mxPatterns().stream().map(MxPattern::text).collect(Collectors.joining(", "));
        return Failure.of(FailureCode.MX_NOT_IN_POLICY,
                "the MX host " + mx.host() + " is not allowed by the MTA-STS policy of " + domain
                        + " (mx: " + patterns + ")");
    }

    private static AttemptResult withFailure(AttemptResult attempt, Failure failure) {
        AttemptResult.Builder copy = AttemptResult.builder(attempt.mx(), attempt.time())
                .address(attempt.address().orElse(null))
                .localAddress(attempt.localAddress().orElse(null))
                .outcome(attempt.outcome(), attempt.detail())
                .tlsFailure(failure)
                .recipients(attempt.recipients());
        attempt.tls().ifPresent(copy::tls);
        attempt.serverName().ifPresent(copy::serverName);
        return copy.build();
    }

    private static String noMxWorked(DomainName domain, TlsMode mode, StsPolicy policy, List<AttemptResult> attempts) {
        if (attempts.isEmpty()) {
            return mode == TlsMode.REQUIRE_VALIDATED
                    ? "no MX host of " + domain + " is allowed by its MTA-STS policy (mx: "
                            + policy.mxPatterns().stream().map(MxPattern::text).collect(Collectors.joining(", ")) + ")"
                    : "no MX host of " + domain + " could be tried";
        }
        Map<String, String> perHost = new LinkedHashMap<>();
        for (AttemptResult attempt : attempts) {
            String key = attempt.mx().host() + attempt.address().map(a -> " [" + a.getHostAddress() + "]").orElse("");
            perHost.put(key, attempt.detail());
        }
        return perHost.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("; "));
    }

    private static List<RecipientOutcome> allRecipients(Envelope envelope, Status status, String reason,
            String enhancedStatus) {
        List<RecipientOutcome> outcomes = new ArrayList<>();
        for (String recipient : envelope.recipients()) {
            outcomes.add(new RecipientOutcome(recipient, status, reason, enhancedStatus));
        }
        return outcomes;
    }
}
