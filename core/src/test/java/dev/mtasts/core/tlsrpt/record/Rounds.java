package dev.mtasts.core.tlsrpt.record;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.Failure;
import dev.mtasts.core.FailureCode;
import dev.mtasts.core.cache.CachedPolicy;
import dev.mtasts.core.cache.PolicyLookup;
import dev.mtasts.core.delivery.AttemptResult;
import dev.mtasts.core.delivery.AttemptResult.Outcome;
import dev.mtasts.core.delivery.DomainDelivery;
import dev.mtasts.core.delivery.MxCandidate;
import dev.mtasts.core.delivery.TlsDetails;
import dev.mtasts.core.delivery.TlsMode;
import dev.mtasts.core.policy.MxPattern;
import dev.mtasts.core.policy.PolicyMode;
import dev.mtasts.core.policy.StsPolicy;

/** Delivery rounds, attempts and policies as the delivery engine makes them, for recorder tests. */
public final class Rounds {
    public static final DomainName DOMAIN = DomainName.of("example.com");
    public static final String MX = "mx1.example.com";
    public static final String MX_IP = "192.0.2.10";
    public static final String LOCAL_IP = "198.51.100.1";
    public static final TlsDetails VALIDATED = new TlsDetails("TLSv1.3", "TLS_AES_128_GCM_SHA256", true);
    public static final TlsDetails UNVALIDATED = new TlsDetails("TLSv1.3", "TLS_AES_128_GCM_SHA256", false);
    public static final Failure EXPIRED = Failure.of(FailureCode.CERTIFICATE_EXPIRED,
            "the certificate of mx1.example.com expired on 2026-01-01");

    private Rounds() {
    }

    public static CachedPolicy policy(PolicyMode mode, String id) {
        return policy(DOMAIN, mode, id);
    }

    public static CachedPolicy policy(DomainName domain, PolicyMode mode, String id) {
        List<String> lines = List.of("version: STSv1", "mode: " + mode.text(), "mx: " + "mx1." + domain,
                "mx: *.backup." + domain, "max_age: 86400");
        StsPolicy policy = new StsPolicy(mode, List.of(MxPattern.parse("mx1." + domain).value(),
                MxPattern.parse("*.backup." + domain).value()), 86400, lines);
        return new CachedPolicy(domain, id, policy, Instant.parse("2026-11-01T00:00:00Z"));
    }

    public static DomainDelivery round(PolicyLookup lookup, AttemptResult... attempts) {
        return round(DOMAIN, lookup, attempts);
    }

    public static DomainDelivery round(DomainName domain, PolicyLookup lookup, AttemptResult... attempts) {
        return new DomainDelivery(domain, lookup, TlsMode.of(lookup), List.of(attempts), List.of());
    }

    /** An attempt that connected and got as far as {@code outcome}; {@code tls} and {@code failure} may be null. */
    public static AttemptResult connected(Instant time, Outcome outcome, TlsDetails tls, Failure failure) {
        return connected(MX, MX_IP, time, outcome, tls, failure);
    }

    public static AttemptResult connected(String mx, String ip, Instant time, Outcome outcome, TlsDetails tls,
            Failure failure) {
        return AttemptResult.builder(mx(mx), time).address(ip(ip)).localAddress(ip(LOCAL_IP))
                .serverName(mx).tls(tls).tlsFailure(failure)
                .noStartTls(failure != null && failure.failureCode() == FailureCode.STARTTLS_NOT_SUPPORTED ? failure : null)
                .outcome(outcome, "test attempt").build();
    }

    /** An attempt without a policy to which the MX offered no STARTTLS: the attempt noted it, nothing required it. */
    public static AttemptResult plaintext(Instant time, Outcome outcome) {
        return AttemptResult.builder(mx(MX), time).address(ip(MX_IP)).localAddress(ip(LOCAL_IP)).serverName(MX)
                .noStartTls(Failure.of(FailureCode.STARTTLS_NOT_SUPPORTED, MX + " does not offer STARTTLS"))
                .outcome(outcome, "test attempt").build();
    }

    /** An attempt whose TCP connection failed (no EHLO, no TLS). */
    public static AttemptResult unreachable(Instant time) {
        return AttemptResult.builder(mx(MX), time).address(ip(MX_IP))
                .outcome(Outcome.CONNECTION_FAILED, "connection refused").build();
    }

    /** RFC 8461 §5 enforce: an MX outside the policy, not contacted. */
    public static AttemptResult notContacted(String mx, Instant time) {
        Failure failure = Failure.of(FailureCode.MX_NOT_IN_POLICY,
                "the MX host " + mx + " is not allowed by the MTA-STS policy");
        return AttemptResult.builder(mx(mx), time).tlsFailure(failure)
                .outcome(Outcome.NOT_CONTACTED, failure.sentence()).build();
    }

    public static MxCandidate mx(String host) {
        return new MxCandidate(DomainName.of(host), 10, false);
    }

    public static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    public static List<AttemptResult> list(AttemptResult... attempts) {
        return new ArrayList<>(List.of(attempts));
    }
}
