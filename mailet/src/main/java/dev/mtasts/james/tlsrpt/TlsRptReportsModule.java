package dev.mtasts.james.tlsrpt;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.inject.Provider;

import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.mailet.MailetContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.dns.DnsResolver;
import dev.mtasts.core.received.ReceivedReportStore;
import dev.mtasts.core.tls.CertificateVerifier;
import dev.mtasts.core.tlsrpt.AggregateSource;
import dev.mtasts.core.tlsrpt.send.ClaimedAggregates;
import dev.mtasts.core.tlsrpt.send.DeliveryBackoff;
import dev.mtasts.core.tlsrpt.send.HttpsReportSender;
import dev.mtasts.core.tlsrpt.send.LeasedReportSender;
import dev.mtasts.core.tlsrpt.send.MailtoReportSender;
import dev.mtasts.core.tlsrpt.send.ReportArchive;
import dev.mtasts.core.tlsrpt.send.ReportDelivery;
import dev.mtasts.core.tlsrpt.send.ReportMessageFactory;
import dev.mtasts.core.tlsrpt.send.ReportScheduler;
import dev.mtasts.core.tlsrpt.send.ReportSender;
import dev.mtasts.core.tlsrpt.send.ReportSettings;
import dev.mtasts.core.tlsrpt.send.ReportStatusStore;
import dev.mtasts.core.tlsrpt.record.TlsRptRecorder;
import dev.mtasts.core.tlsrpt.send.TlsRptTxtLookup;
import dev.mtasts.james.config.ClusterStores;
import dev.mtasts.james.config.MtaStsConfiguration;
import dev.mtasts.james.config.TlsRptConfiguration;

/**
 * The daily RFC 8460 reports inside James: the report files and their delivery status under the data
 * directory, and the schedule that builds yesterday's reports after UTC midnight and sends them (mailto:
 * through James, so that DKIMSign can sign them; https: by POST). Installed by {@code MtaStsModule}.
 */
public final class TlsRptReportsModule extends AbstractModule {
    @Override
    protected void configure() {
        // Built by ReportSchedule (started with the module) once James is ready: the schedule needs James's
        // default domain and mailet context, neither ready when the module is built.
        bind(ReportScheduler.class).toProvider(SchedulerProvider.class).in(Singleton.class);
    }

    /** The counts the operator's views show: this node's, or with a cluster store every node's summed. */
    @Provides
    @Singleton
    AggregateSource aggregates(TlsRptRecorder recorder, Optional<ClusterStores> cluster) {
        return cluster.map(ClusterStores::aggregates).orElse(recorder);
    }

    @Provides
    @Singleton
    ReportArchive archive(MtaStsConfiguration configuration) {
        return new ReportArchive(configuration.dataDirectory());
    }

    @Provides
    @Singleton
    ReportStatusStore statuses(MtaStsConfiguration configuration) {
        return new ReportStatusStore(configuration.dataDirectory());
    }

    @Provides
    @Singleton
    ReportSettings settings(MtaStsConfiguration configuration, DomainList domains, CertificateVerifier verifier) {
        TlsRptConfiguration tlsRpt = configuration.tlsRpt();
        String contact = tlsRpt.contact().orElseGet(() -> "postmaster@" + defaultDomain(domains));
        String domain = contact.substring(contact.indexOf('@') + 1);
        ReportSettings.Builder builder = ReportSettings.builder()
                .organizationName(tlsRpt.organization().orElse(domain))
                .contactInfo(contact)
                .submitter(tlsRpt.submitter().orElse(DomainName.of(domain)))
                .maxReportBytes(tlsRpt.maxReportBytes())
                .sendingEnabled(tlsRpt.send())
                .maxRandomDelay(tlsRpt.maxDelay())
                .retentionDays(tlsRpt.retentionDays())
                .pollInterval(tlsRpt.pollInterval())
                .httpsTimeout(tlsRpt.https().timeout())
                .httpsAllowedNetworks(tlsRpt.https().allowedNetworks());
        // report endpoints are public web servers: the JDK's trust anchors unless tlsrpt.https.trust=trust.store
        if (tlsRpt.https().useTrustStore()) {
            builder.sslContext(verifier.trust().sslContext());
        }
        return builder.build();
    }

    /**
     * James's default domain, for the default contact address. (The mailet context's postmaster is not set
     * yet when mailets are created, so it cannot be used here.)
     */
    private static String defaultDomain(DomainList domains) {
        try {
            return domains.getDefaultDomain().asString();
        } catch (DomainListException e) {
            throw new IllegalStateException("TLS-RPT: James's default domain is unknown (" + e.getMessage()
                    + "); set tlsrpt.contact in mta-sts.properties", e);
        }
    }

    /** Builds the schedule; {@link ReportSchedule} starts and stops it. */
    static final class SchedulerProvider implements Provider<ReportScheduler> {
        private static final Logger LOG = LoggerFactory.getLogger(TlsRptReportsModule.class);

        private final ReportSettings settings;
        private final MtaStsConfiguration configuration;
        private final MailetContext context;
        private final TlsRptRecorder recorder;
        private final DnsResolver resolver;
        private final ReportArchive archive;
        private final ReportStatusStore statuses;
        private final Clock clock;
        private final Optional<ClusterStores> cluster;
        private final ReceivedReportStore received;

        @Inject
        SchedulerProvider(ReportSettings settings, MtaStsConfiguration configuration, MailetContext context,
                TlsRptRecorder recorder, DnsResolver resolver, ReportArchive archive, ReportStatusStore statuses,
                Clock clock, Optional<ClusterStores> cluster, ReceivedReportStore received) {
            this.received = received;
            this.cluster = cluster;
            this.settings = settings;
            this.configuration = configuration;
            this.context = context;
            this.recorder = recorder;
            this.resolver = resolver;
            this.archive = archive;
            this.statuses = statuses;
            this.clock = clock;
        }

        @Override
        public ReportScheduler get() {
            TlsRptTxtLookup lookup = new TlsRptTxtLookup(resolver);
            MailtoReportSender mail = new MailtoReportSender(settings, new ReportMessageFactory(settings, clock),
                    new JamesReportMailer(context, configuration.tlsRpt().processor()));
            List<ReportSender> senders = new ArrayList<>(List.of(new HttpsReportSender(settings, resolver), mail));
            AggregateSource aggregates = recorder;
            if (cluster.isPresent()) {
                // A cluster: one node per domain and day builds the report from every node's counts and
                // sends it; the others leave it alone (ReportLeases).
                senders.replaceAll(sender -> new LeasedReportSender(sender, cluster.get().leases()));
                aggregates = new ClaimedAggregates(cluster.get().aggregates(), cluster.get().leases());
            }
            ReportDelivery delivery = new ReportDelivery(senders, lookup, archive, statuses, clock,
                    new DeliveryBackoff());
            ReportScheduler scheduler = new ReportScheduler(settings, aggregates, lookup, archive, statuses, delivery,
                    clock, new SecureRandom(), List.of(received::deleteBefore));
            LOG.info("MTA-STS: TLS-RPT reports for each UTC day are written to {}{}", archive.directory(),
                    settings.sendingEnabled() ? " and sent through the processor '" + configuration.tlsRpt().processor()
                            + "'" : "; sending is off (tlsrpt.send=false)");
            return scheduler;
        }
    }
}
