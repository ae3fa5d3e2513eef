package dev.mtasts.james.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import javax.mail.BodyPart;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.Failure;
import dev.mtasts.core.FailureCode;
import dev.mtasts.core.dns.DnsJavaResolver;
import dev.mtasts.core.dns.ResolverSettings;
import dev.mtasts.core.tlsrpt.send.ClaimedAggregates;
import dev.mtasts.core.tlsrpt.send.DeliveryBackoff;
import dev.mtasts.core.tlsrpt.send.LeasedReportSender;
import dev.mtasts.core.tlsrpt.send.MailtoReportSender;
import dev.mtasts.core.tlsrpt.record.RecorderSettings;
import dev.mtasts.core.tlsrpt.send.ReportArchive;
import dev.mtasts.core.tlsrpt.send.ReportDelivery;
import dev.mtasts.core.tlsrpt.send.ReportMailer;
import dev.mtasts.core.tlsrpt.send.ReportMessageFactory;
import dev.mtasts.core.tlsrpt.send.ReportScheduler;
import dev.mtasts.core.tlsrpt.send.ReportSettings;
import dev.mtasts.core.tlsrpt.send.ReportStatusStore;
import dev.mtasts.core.tlsrpt.record.TlsRptRecorder;
import dev.mtasts.core.tlsrpt.send.TlsRptTxtLookup;
import dev.mtasts.testkit.dns.TestDnsServer;
import dev.mtasts.testkit.time.MutableClock;

/**
 * Two nodes of a cluster, each with its own recorder, data directory and report schedule as in James, sharing
 * one real Cassandra and one DNS server that publishes the domains' {@code _smtp._tls} records. Both count
 * sessions to the same domains; the next day both schedules run at once: each domain receives exactly one
 * report (one mail to its rua), built from the counts of both nodes. The mail transport is a recording
 * {@link ReportMailer} (James's own is exercised by the integration tests).
 */
class ClusterReportTest {
    private static final Instant NOON = Instant.parse("2026-12-03T12:00:00Z");
    private static final Instant NEXT_MORNING = Instant.parse("2026-12-04T06:00:00Z");
    private static final List<String> DOMAINS = List.of("one.test", "two.test", "three.test");
    private static CassandraNodes cassandra;
    private static TestDnsServer dns;

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(NOON);
    private final List<AutoCloseable> open = new ArrayList<>();
    private final List<MimeMessage> mails = new ArrayList<>();

    @BeforeAll
    static void start() {
        cassandra = new CassandraNodes();
        dns = TestDnsServer.start();
        for (String domain : DOMAINS) {
            dns.txt("_smtp._tls." + domain, 300, "v=TLSRPTv1; rua=mailto:reports@" + domain);
        }
    }

    @AfterAll
    static void stop() {
        cassandra.close();
        dns.close();
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    /** One node: its recorder, its Cassandra view and lease, its schedule. */
    private final class Node {
        final TlsRptRecorder recorder;
        final CassandraAggregates aggregates;
        final ReportScheduler scheduler;

        Node(String name, Duration lease) {
            recorder = new TlsRptRecorder(RecorderSettings.builder(dir.resolve(name)).build(), clock);
            open.add(recorder);
            aggregates = new CassandraAggregates(cassandra.session(name), cassandra.keyspace(), recorder, name,
                    Duration.ofSeconds(10), clock);
            CassandraReportLeases leases = new CassandraReportLeases(cassandra.session(name + "-lease"),
                    cassandra.keyspace(), name, lease, Duration.ofSeconds(10));
            ReportSettings settings = ReportSettings.builder().organizationName("Cluster Org")
                    .contactInfo("tlsrpt@cluster.test").submitter(DomainName.of("cluster.test")).sendingEnabled(true)
                    .retentionDays(30).maxRandomDelay(Duration.ofMinutes(1)).build();
            ReportMailer mailer = (InternetAddress from, List<InternetAddress> to, MimeMessage message) -> {
                synchronized (mails) {
                    mails.add(message);
                }
            };
            TlsRptTxtLookup lookup = new TlsRptTxtLookup(new DnsJavaResolver(ResolverSettings.builder()
                    .server(dns.hostPort()).timeout(Duration.ofSeconds(5)).build()));
            ReportArchive archive = new ReportArchive(dir.resolve(name));
            ReportStatusStore statuses = new ReportStatusStore(dir.resolve(name));
            ReportDelivery delivery = new ReportDelivery(List.of(new LeasedReportSender(new MailtoReportSender(
                    settings, new ReportMessageFactory(settings, clock), mailer), leases)), lookup, archive, statuses,
                    clock, new DeliveryBackoff());
            scheduler = new ReportScheduler(settings, new ClaimedAggregates(aggregates, leases), lookup, archive,
                    statuses, delivery, clock, new Random());
            open.add(scheduler);
        }

        void fail(String domain, int times) {
            for (int i = 0; i < times; i++) {
                recorder.fetchFailed(DomainName.of(domain), Optional.of("id1"),
                        Failure.of(FailureCode.CERTIFICATE_EXPIRED, "expired"), Optional.empty());
            }
        }
    }

    @Test
    void shouldSendExactlyOneReportPerDomainWithTheCountsOfBothNodes() throws Exception {
        Node a = new Node("a", Duration.ofMinutes(30));
        Node b = new Node("b", Duration.ofMinutes(30));
        int n = 0;
        for (String domain : DOMAINS) {
            a.fail(domain, 1 + n);
            b.fail(domain, 10 + n);
            n++;
        }
        a.aggregates.push();
        b.aggregates.push();

        clock.set(NEXT_MORNING);
        ExecutorService both = Executors.newFixedThreadPool(2);
        List<Future<?>> runs = List.of(both.submit(a.scheduler::runDue), both.submit(b.scheduler::runDue));
        for (Future<?> run : runs) {
            run.get(60, TimeUnit.SECONDS);
        }
        // and again: a later run of either node sends nothing more
        a.scheduler.runDue();
        b.scheduler.runDue();
        both.shutdown();

        assertThat(mails).hasSize(DOMAINS.size());
        List<String> reported = new ArrayList<>();
        for (MimeMessage mail : mails) {
            JsonNode report = report(mail);
            String domain = report.path("policies").get(0).path("policy").path("policy-domain").asText();
            reported.add(domain);
            int i = DOMAINS.indexOf(domain);
            assertThat(report.path("policies").get(0).path("summary").path("total-failure-session-count").asLong())
                    .as(domain).isEqualTo((1 + i) + (10 + i));
        }
        assertThat(reported).containsExactlyInAnyOrderElementsOf(DOMAINS);
    }

    private static JsonNode report(MimeMessage mail) throws Exception {
        MimeMultipart parts = (MimeMultipart) mail.getContent();
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            if (part.getContentType().toLowerCase().contains("gzip")) {
                try (InputStream in = new GZIPInputStream(part.getInputStream())) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    in.transferTo(out);
                    return new ObjectMapper().readTree(out.toByteArray());
                }
            }
        }
        throw new AssertionError("no gzip part in the report mail");
    }
}
