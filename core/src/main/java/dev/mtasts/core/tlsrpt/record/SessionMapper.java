package dev.mtasts.core.tlsrpt.record;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.mtasts.core.tlsrpt.FailureDetailKey;
import dev.mtasts.core.tlsrpt.PolicyKey;
import dev.mtasts.core.tlsrpt.SessionResult;
import dev.mtasts.core.DomainName;
import dev.mtasts.core.Failure;
import dev.mtasts.core.FailureCode;
import dev.mtasts.core.cache.CachedPolicy;
import dev.mtasts.core.delivery.AttemptResult;
import dev.mtasts.core.delivery.DomainDelivery;
import dev.mtasts.core.policy.MxPattern;
import dev.mtasts.core.policy.StsPolicy;

/**
 * Which TLS-RPT sessions (RFC 8460 §4.4) a delivery round or a policy-fetch failure contains, and how each
 * is keyed. Pure functions; thread-safe.
 *
 * <p>The policy (§4.4 {@code policy}): {@code sts} with the cached policy's lines verbatim and its mx
 * patterns when the round was made under a policy in mode enforce or testing; otherwise
 * {@code no-policy-found} (no policy, policy temporarily unknown, or mode none: RFC 8461 §5 treats mode none
 * as "no active policy").
 *
 * <p>An attempt is a session, in this order:
 * <ol>
 * <li>under an sts policy, with a TLS failure (§4.3.1 negotiation failure, also an MX outside the policy
 * that was not contacted: {@code validation-failure}, only {@code receiving-mx-hostname} known): failed;</li>
 * <li>TLS was established: successful, except under an sts policy without validation (failed,
 * {@code validation-failure});</li>
 * <li>the attempt found no STARTTLS in the EHLO answer (or STARTTLS or EHLO refused): failed, with the
 * attempt's {@code starttls-not-supported};</li>
 * <li>anything else (no address, TCP connect failure, no greeting, TLS handshake failure without a policy):
 * not a session.</li>
 * </ol>
 */
public final class SessionMapper {
    private SessionMapper() {
    }

    /** The policy key of a round's sessions (RFC 8460 §4.4 {@code policy}). */
    public static PolicyKey policyKey(DomainDelivery round) {
        if (!round.mode().validates()) {
            // RFC 8461 §5: mode none is "no active policy"; RFC 8460 §4.4: no-policy-found.
            return PolicyKey.noPolicyFound(round.domain());
        }
        return stsKey(round.domain(), round.lookup().policy().get().policy());
    }

    /** RFC 8460 §4.4 policy-type sts: policy-string = the policy's lines, mx-host = its mx patterns. */
    public static PolicyKey stsKey(DomainName domain, StsPolicy policy) {
        List<MxPattern> patterns = policy.mxPatterns();
        List<String> mxHosts = new ArrayList<>(patterns.size());
        for (MxPattern pattern : patterns) {
            mxHosts.add(pattern.text());
        }
        return new PolicyKey(PolicyKey.STS, domain, policy.lines(), mxHosts);
    }

    /** Every session of the round, in attempt order; attempts that are no session are left out. */
    public static List<SessionResult> sessions(DomainDelivery round) {
        PolicyKey key = policyKey(round);
        boolean sts = round.mode().validates();
        List<SessionResult> sessions = new ArrayList<>(round.attempts().size());
        for (AttemptResult attempt : round.attempts()) {
            SessionResult session = session(attempt, key, sts);
            if (session != null) {
                sessions.add(session);
            }
        }
        return sessions;
    }

    /**
     * The session of one attempt, or null when the attempt is no TLS-RPT session.
     *
     * @param sts true when an sts policy (enforce or testing) applied to the round
     */
    static SessionResult session(AttemptResult attempt, PolicyKey key, boolean sts) {
        if (attempt.reusedSession()) {
            // RFC 8460 §4.4 counts sessions: a session reused for another mail was counted at its first.
            return null;
        }
        Optional<Failure> tlsFailure = attempt.tlsFailure();
        if (sts && tlsFailure.isPresent()) {
            // RFC 8460 §4.3.1: STARTTLS missing, certificate problems, MX outside the policy (RFC 8461 §4.1,
            // validation-failure), handshake failures. In testing mode the mail may have been delivered anyway;
            // the session still failed to meet the policy.
            return failed(attempt, key, tlsFailure.get());
        }
        if (attempt.tls().isPresent()) {
            if (sts && !attempt.tls().get().validated()) {
                // Defensive: the delivery engine always names the reason; a policy session without validation
                // is a validation-failure all the same (RFC 8461 §4.2).
                return failed(attempt, key, Failure.of(FailureCode.CERTIFICATE_NOT_VALIDATED,
                        "the certificate of " + attempt.mx().host() + " was not validated"));
            }
            // RFC 8460 §4.4 total-successful-session-count: "successfully negotiated TLS-enabled connections".
            // SPEC-GAP: without a policy the sender does no certificate validation (RFC 7435 opportunistic
            // TLS), so any established TLS session counts as successful under no-policy-found.
            return SessionResult.success(attempt.time(), key, attempt);
        }
        if (attempt.noStartTls().isPresent()) {
            // The attempt decided from the EHLO answer that STARTTLS was not offered (or was refused): RFC 8460
            // §4.3.1 starttls-not-supported, counted under no-policy-found too (§4.4: a failure "to negotiate
            // a TLS-encrypted channel").
            return failed(attempt, key, attempt.noStartTls().get());
        }
        // SPEC-GAP: RFC 8460 counts TLS negotiations; an MX without address, a refused or timed-out TCP
        // connection or a missing greeting never reached TLS, so it is no session (the failure log and the
        // delivery log still show it). Without a policy, a failed TLS handshake also lands here: the attempt
        // cannot tell it from a broken connection (under a policy the engine reports it as validation-failure).
        return null;
    }

    private static SessionResult failed(AttemptResult attempt, PolicyKey key, Failure failure) {
        FailureDetailKey detail = new FailureDetailKey(failure.resultType(),
                ip(attempt.localAddress()), ip(attempt.address()), attempt.mx().host().asciiName(),
                attempt.serverName().orElse(null), failure.code());
        return SessionResult.failure(attempt.time(), key, detail, failure, attempt);
    }

    /**
     * A policy-fetch failure (RFC 8461 §6; RFC 8460 §4.3.2 sts-policy-fetch-error, sts-policy-invalid,
     * sts-webpki-invalid) as one failed session. Only result type and reason code are known: no MX was
     * involved, so the address and host fields are absent.
     */
    public static SessionResult fetchFailure(DomainName domain, Failure failure, Optional<CachedPolicy> cached,
            Instant time) {
        // SPEC-GAP: RFC 8460 §4.4 wants the applied policy's strings; with a cached policy that is the one in
        // force. Without one no policy was applied, yet the failure is an sts policy failure (§4.3.2): we key it
        // as sts with no policy-string and no mx-host (not no-policy-found, which would hide that the domain
        // publishes MTA-STS).
        PolicyKey key = cached.isPresent() ? stsKey(domain, cached.get().policy())
                : new PolicyKey(PolicyKey.STS, domain, List.of(), List.of());
        FailureDetailKey detail = new FailureDetailKey(failure.resultType(), null, null, null, null, failure.code());
        return SessionResult.failure(time, key, detail, failure, null);
    }

    private static String ip(Optional<InetAddress> address) {
        return address.isPresent() ? address.get().getHostAddress() : null;
    }
}
