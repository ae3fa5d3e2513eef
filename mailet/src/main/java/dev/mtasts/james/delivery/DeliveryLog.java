package dev.mtasts.james.delivery;

import java.time.Clock;
import java.time.Duration;

import org.apache.james.metrics.api.Metric;
import org.apache.james.metrics.api.MetricFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.Failure;
import dev.mtasts.core.cache.CachedPolicy;
import dev.mtasts.core.cache.PolicyLookup;
import dev.mtasts.core.delivery.AttemptResult;
import dev.mtasts.core.delivery.DomainDelivery;
import dev.mtasts.core.delivery.TlsMode;
import dev.mtasts.core.policy.PolicyMode;

/**
 * The operator's view of deliveries: one INFO line per delivered mail (domain, MX, address, TLS version,
 * policy mode), one WARN line per MX that failed an enforce policy (domain, MX, address, cause), one WARN
 * line per mail whose enforce policy {@code TLS-Required: No} waived, a WARN when a domain's policy cannot be
 * discovered (at most one per domain per {@link #DISCOVERY_WARNING_INTERVAL}), and counters in James's
 * metrics. Thread-safe.
 */
final class DeliveryLog {
    private static final Logger LOG = LoggerFactory.getLogger("dev.mtasts.james.MtaStsRemoteDelivery");

    private final Metric delivered;
    private final Metric deferred;
    private final Metric bounced;
    private final Metric policyFailures;
    private final Metric waivers;
    private final Metric discoveryFailures;
    private final WarningThrottle discoveryWarnings;

    /** Mails to a domain whose TXT record cannot be read share one WARN per this interval. */
    static final Duration DISCOVERY_WARNING_INTERVAL = Duration.ofMinutes(10);
    private static final String WAIVED = "(waived: TLS-Required: No)";

    DeliveryLog(MetricFactory metrics, Clock clock) {
        this.delivered = metrics.generate("mtaSts.delivered");
        this.deferred = metrics.generate("mtaSts.deferred");
        this.bounced = metrics.generate("mtaSts.bounced");
        this.policyFailures = metrics.generate("mtaSts.enforceFailures");
        this.waivers = metrics.generate("mtaSts.tlsRequiredWaivers");
        this.discoveryFailures = metrics.generate("mtaSts.discoveryFailures");
        this.discoveryWarnings = new WarningThrottle(clock, DISCOVERY_WARNING_INTERVAL, 10_000);
    }

    void round(DomainDelivery round, String mailName) {
        String mode = mode(round);
        for (AttemptResult attempt : round.attempts()) {
            String address = attempt.address().map(a -> a.getHostAddress()).orElse("-");
            if (attempt.outcome() == AttemptResult.Outcome.DELIVERED) {
                delivered.increment();
                LOG.info("MTA-STS delivered mail={} domain={} mx={} address={} tls={} policy={}", mailName,
                        round.domain(), attempt.mx().host(), address,
                        attempt.tls().map(t -> t.protocol()).orElse("none"), mode);
            } else if (round.mode() == TlsMode.REQUIRE_VALIDATED && attempt.tlsFailure().isPresent()) {
                policyFailures.increment();
                LOG.warn("MTA-STS enforce failure mail={} domain={} mx={} address={} result={} cause: {}", mailName,
                        round.domain(), attempt.mx().host(), address, attempt.tlsFailure().get().resultType(),
                        attempt.tlsFailure().get().sentence());
            }
        }
    }

    void deferred(String mailName, DomainDelivery round, int retry, java.time.Duration delay) {
        deferred.increment();
        LOG.info("MTA-STS deferred mail={} domain={} retry={} in {}: {}", mailName, round.domain(), retry, delay,
                round.recipients().isEmpty() ? "" : round.recipients().get(0).reason());
    }

    void bounced(String mailName, DomainDelivery round, int recipients) {
        bounced.increment();
        LOG.warn("MTA-STS gave up mail={} domain={} recipients={}: {}", mailName, round.domain(), recipients,
                round.recipients().isEmpty() ? "" : round.recipients().get(0).reason());
    }

    /** RFC 8689 §5: the enforce policy of {@code round} was applied as testing at the message's request. */
    void waived(String mailName, DomainDelivery round) {
        waivers.increment();
        CachedPolicy policy = round.lookup().policy().get();
        LOG.warn("MTA-STS policy waived mail={} domain={} policy=enforce id={}: the message carries TLS-Required: No"
                + " (RFC 8689), so TLS failures did not stop it; set tls.required.header=ignore in"
                + " mta-sts.properties to keep enforce for such mails", mailName, round.domain(), policy.id());
    }

    /** {@code tls.required.header=ignore}: the header was present and enforce was applied all the same. */
    void tlsRequiredIgnored(String mailName, DomainName domain) {
        LOG.info("MTA-STS ignored TLS-Required: No mail={} domain={} (tls.required.header=ignore): enforce applies",
                mailName, domain);
    }

    /** The TXT record could not be read and nothing was cached. */
    void discoveryFailed(String mailName, DomainName domain, Failure failure, boolean deferred) {
        discoveryFailures.increment();
        long quiet = discoveryWarnings.admit(domain.asciiName());
        String action = deferred ? "deferred (discovery.failure=defer)"
                : "delivered as without a policy (discovery.failure=deliver)";
        if (quiet < 0) {
            LOG.debug("MTA-STS policy unknown mail={} domain={}: {}", mailName, domain, action);
            return;
        }
        LOG.warn("MTA-STS policy unknown mail={} domain={}: {}; {}{}", mailName, domain, failure.sentence(), action,
                quiet == 0 ? "" : " (" + quiet + " more mails since the last warning)");
    }

    private static String mode(DomainDelivery round) {
        if (round.lookup().kind() == PolicyLookup.Kind.TEMPORARILY_UNKNOWN) {
            return "unknown(TXT lookup failed)";
        }
        return round.lookup().policy().map(p -> p.policy().mode().text() + (waived(round) ? WAIVED : "")
                + " id=" + p.id()).orElse("none");
    }

    /** An enforce policy that the round applied as testing: only {@code TLS-Required: No} does that. */
    static boolean waived(DomainDelivery round) {
        return round.lookup().policy().map(p -> p.policy().mode() == PolicyMode.ENFORCE).orElse(false)
                && round.mode() != TlsMode.REQUIRE_VALIDATED;
    }
}
