package dev.mtasts.james.delivery;

import org.apache.james.metrics.api.Metric;
import org.apache.james.metrics.api.MetricFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mtasts.core.delivery.AttemptResult;
import dev.mtasts.core.delivery.DomainDelivery;
import dev.mtasts.core.delivery.TlsMode;

/**
 * The operator's view of deliveries: one INFO line per delivered mail (domain, MX, address, TLS version,
 * policy mode), one WARN line per MX that failed an enforce policy (domain, MX, address, cause), and
 * counters in James's metrics. Thread-safe.
 */
final class DeliveryLog {
    private static final Logger LOG = LoggerFactory.getLogger("dev.mtasts.james.MtaStsRemoteDelivery");

    private final Metric delivered;
    private final Metric deferred;
    private final Metric bounced;
    private final Metric policyFailures;

    DeliveryLog(MetricFactory metrics) {
        this.delivered = metrics.generate("mtaSts.delivered");
        this.deferred = metrics.generate("mtaSts.deferred");
        this.bounced = metrics.generate("mtaSts.bounced");
        this.policyFailures = metrics.generate("mtaSts.enforceFailures");
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

    private static String mode(DomainDelivery round) {
        return round.lookup().policy().map(p -> p.policy().mode().text() + " id=" + p.id()).orElse("none");
    }
}
