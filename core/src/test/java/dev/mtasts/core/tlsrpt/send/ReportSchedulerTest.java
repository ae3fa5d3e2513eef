package dev.mtasts.core.tlsrpt.send;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mtasts.core.tlsrpt.ReportPart;
import dev.mtasts.core.tlsrpt.ReportFixtures;
import dev.mtasts.core.tlsrpt.DaySummary;
import dev.mtasts.core.tlsrpt.Report;
import dev.mtasts.core.tlsrpt.ReportFileName;
import dev.mtasts.core.tlsrpt.ReportId;
import dev.mtasts.testkit.time.MutableClock;
import dev.mtasts.testkit.io.Stderr;
import dev.mtasts.core.DomainName;

class ReportSchedulerTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 28);
    private static final LocalDate YESTERDAY = TODAY.minusDays(1);
    private static final Instant MIDNIGHT = Instant.parse("2026-11-28T00:00:00Z");
    private static final DomainName SENT = DomainName.of("a.example");
    private static final DomainName NO_RECORD = DomainName.of("b.example");
    private static final DomainName MALFORMED = DomainName.of("c.example");
    private static final DomainName DNS_FAILS = DomainName.of("d.example");

    @TempDir
    Path data;

    private final MutableClock clock = new MutableClock(MIDNIGHT);
    private final RecordingMailer mailer = new RecordingMailer();
    private final InMemoryAggregateSource aggregates = new InMemoryAggregateSource();
    private final MapDnsResolver dns = new MapDnsResolver();
    private LocalHttpsServer server;
    private HttpsReportSender https;
    private ReportArchive archive;
    private ReportStatusStore store;

    @BeforeEach
    void start() throws Exception {
        server = new LocalHttpsServer();
        archive = new ReportArchive(data);
        store = new ReportStatusStore(data);
        for (DomainName domain : List.of(SENT, NO_RECORD, MALFORMED, DNS_FAILS)) {
            aggregates.add(ReportFixtures.sampleDay(domain)); // 2026-11-27, yesterday
        }
        aggregates.add(new DaySummary(TODAY, SENT, ReportFixtures.sampleDay(SENT).policies()));
        aggregates.add(new DaySummary(YESTERDAY.minusDays(1), SENT, ReportFixtures.sampleDay(SENT).policies()));
        dns.txt("_smtp._tls.a.example", "v=spf1 -all",
                "v=TLSRPTv1; rua=mailto:tlsrpt@a.example," + server.url("/tlsrpt"));
        dns.txt("_smtp._tls.c.example", "v=TLSRPTv1; rua=ftp://reports.c.example/x");
        dns.failing("_smtp._tls.d.example");
    }

    @AfterEach
    void stop() throws Exception {
        if (https != null) {
            https.close();
        }
        server.close();
    }

    private ReportScheduler scheduler(boolean sending) {
        ReportSettings settings = ReportSettings.builder().organizationName("Sender Org")
                .contactInfo("tlsrpt@mail.sender.example").sendingEnabled(sending).retentionDays(30)
                .sslContext(server.clientTrust()).httpsConnectTimeout(Duration.ofSeconds(2))
                .httpsAllowedNetworks(List.of(IpNetwork.parse("127.0.0.0/8").value())).build();
        https = new HttpsReportSender(settings, dns);
        TlsRptTxtLookup lookup = new TlsRptTxtLookup(dns);
        ReportDelivery delivery = new ReportDelivery(List.of(https, new MailtoReportSender(settings,
                new ReportMessageFactory(settings, clock), mailer)), lookup, archive, store, clock,
                new DeliveryBackoff());
        return new ReportScheduler(settings, aggregates, lookup, archive, store, delivery, clock, new Random(7));
    }

    private List<DomainName> reportedDomains(LocalDate day) throws Exception {
        return archive.list(day).stream().map(ReportFileName::policyDomain).collect(Collectors.toList());
    }

    private Optional<ReportStatus> statusOf(DomainName domain) throws Exception {
        return store.list(YESTERDAY).stream().filter(s -> s.fileName().policyDomain().equals(domain)).findFirst();
    }

    @Test
    void shouldPickTheDelayWithinTheConfiguredMaximumWhenTheDayStarts() {
        Instant due = scheduler(true).dueAt();

        assertThat(due).isAfterOrEqualTo(MIDNIGHT).isBefore(MIDNIGHT.plus(Duration.ofHours(4)));
    }

    @Test
    void shouldDoNothingWhenMidnightPlusTheDelayHasNotCome() throws Exception {
        ReportScheduler scheduler = scheduler(true);
        clock.set(scheduler.dueAt().minusSeconds(1));

        scheduler.runDue();

        assertThat(archive.list()).isEmpty();
        assertThat(mailer.sent()).isEmpty();
        assertThat(server.received()).isEmpty();
    }

    @Nested
    class WhenDue {
        private ReportScheduler scheduler;
        private String log;

        @BeforeEach
        void runAtDueTime() throws Exception {
            scheduler = scheduler(true);
            clock.set(scheduler.dueAt());
            log = Stderr.capture(scheduler::runDue);
        }

        @Test
        void shouldWriteAReportForEveryDomainOfYesterdayWithOrWithoutRecord() throws Exception {
            assertThat(reportedDomains(YESTERDAY)).containsExactlyInAnyOrder(SENT, NO_RECORD, MALFORMED, DNS_FAILS);
            assertThat(reportedDomains(TODAY)).as("today is not over").isEmpty();
            assertThat(reportedDomains(YESTERDAY.minusDays(1))).as("a missed day is caught up").containsExactly(SENT);
        }

        @Test
        void shouldSendToEveryRuaWhenTheRecordIsValid() throws Exception {
            assertThat(mailer.sent()).hasSize(2); // yesterday and the day before
            assertThat(mailer.sent().get(0).message.getHeader("TLS-Report-Domain", null)).isEqualTo("a.example");
            assertThat(server.received()).hasSize(2);
            assertThat(statusOf(SENT).orElseThrow().destinations()).extracting(DeliveryStatus::state)
                    .containsOnly(DeliveryState.DELIVERED);
        }

        @Test
        void shouldKeepTheReportOnDiskUnsentWhenTheDomainHasNoRecord() throws Exception {
            ReportStatus status = statusOf(NO_RECORD).orElseThrow();

            assertThat(status.destinations()).isEmpty();
            assertThat(status.note()).contains("no TXT record at _smtp._tls.b.example");
        }

        @Test
        void shouldWarnAndSkipSendingWhenTheRuaIsMalformed() throws Exception {
            assertThat(statusOf(MALFORMED).orElseThrow().note()).contains("invalid TLS-RPT record").contains("ftp:");
            assertThat(log).contains("WARN").contains("_smtp._tls.c.example").contains("ftp:");
        }

        @Test
        void shouldRetryTheLookupAndThenSendWhenTheTxtLookupFailedAtFirst() throws Exception {
            ReportStatus failing = statusOf(DNS_FAILS).orElseThrow();
            assertThat(failing.note()).contains("lookup").contains("SERVFAIL");
            DeliveryStatus lookup = failing.destinations().get(0);
            assertThat(lookup.uri()).isEqualTo("dns:_smtp._tls.d.example?type=TXT");
            assertThat(lookup.state()).isEqualTo(DeliveryState.PENDING);
            assertThat(lookup.lastError()).get().asString().contains("SERVFAIL");

            dns.answering("_smtp._tls.d.example").txt("_smtp._tls.d.example", "v=TLSRPTv1;rua=mailto:tls@d.example");
            clock.set(lookup.nextAttempt().orElseThrow());
            scheduler.runDue(); // the lookup succeeds: the real destination replaces it
            scheduler.runDue(); // and is delivered

            ReportStatus sent = statusOf(DNS_FAILS).orElseThrow();
            assertThat(sent.note()).isEmpty();
            assertThat(sent.destinations()).singleElement().satisfies(d -> {
                assertThat(d.uri()).isEqualTo("mailto:tls@d.example");
                assertThat(d.state()).isEqualTo(DeliveryState.DELIVERED);
            });
            assertThat(mailer.sent()).extracting(m -> m.message.getHeader("TLS-Report-Domain", null))
                    .contains("d.example");
        }

        @Test
        void shouldGiveUpTheLookupAfter24HoursWhenDnsKeepsFailing() throws Exception {
            ReportStatus status = statusOf(DNS_FAILS).orElseThrow();
            while (status.destinations().get(0).state() == DeliveryState.PENDING) {
                clock.set(status.destinations().get(0).nextAttempt().orElseThrow());
                scheduler.runDue();
                status = statusOf(DNS_FAILS).orElseThrow();
            }

            assertThat(status.destinations().get(0).state()).isEqualTo(DeliveryState.FAILED);
            assertThat(clock.instant()).isEqualTo(status.destinations().get(0).firstAttempt().orElseThrow()
                    .plus(Duration.ofHours(24)));
        }

        @Test
        void shouldNotBuildAgainWhenRunAgainTheSameDay() throws Exception {
            clock.advance(Duration.ofHours(1));
            scheduler.runDue();

            assertThat(archive.list()).hasSize(5);
            assertThat(mailer.sent()).hasSize(2);
            assertThat(server.received()).hasSize(2);
        }

        @Test
        void shouldReportTodayWhenTheNextDayIsDue() throws Exception {
            clock.set(MIDNIGHT.plus(Duration.ofDays(1)));
            clock.set(scheduler.dueAt());
            scheduler.runDue();

            assertThat(reportedDomains(TODAY)).containsExactly(SENT);
        }
    }

    @Test
    void shouldOnlyWriteFilesWhenSendingIsDisabled() throws Exception {
        ReportScheduler scheduler = scheduler(false);
        clock.set(scheduler.dueAt());

        scheduler.runDue();

        assertThat(reportedDomains(YESTERDAY)).hasSize(4);
        assertThat(mailer.sent()).isEmpty();
        assertThat(server.received()).isEmpty();
        assertThat(statusOf(SENT).orElseThrow().note()).isEqualTo("sending is disabled");
    }

    @Test
    void shouldDeleteFilesOlderThanTheRetentionWhenDue() throws Exception {
        LocalDate old = TODAY.minusDays(31);
        ReportPart oldPart = new ReportSplitter(5_000_000).split(new Report("O", "a@mail.sender.example", "x", old,
                SENT, ReportFixtures.sampleDay(SENT).policies()),
                new ReportId(old, SENT, "01d", ReportFixtures.SUBMITTER)).get(0);
        archive.write(oldPart);
        aggregates.add(new DaySummary(old, SENT, ReportFixtures.sampleDay(SENT).policies()));
        ReportScheduler scheduler = scheduler(false);
        clock.set(scheduler.dueAt());

        scheduler.runDue();

        assertThat(archive.list(old)).isEmpty();
        assertThat(archive.list(YESTERDAY)).hasSize(4);
        assertThat(aggregates.days()).doesNotContain(old).contains(YESTERDAY);
    }

    @Test
    void shouldRefuseASecondStartWhenAlreadyScheduled() {
        ReportScheduler scheduler = scheduler(true);
        scheduler.start();
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(scheduler::start)
                    .isInstanceOf(IllegalStateException.class);
        } finally {
            scheduler.close();
        }
        scheduler.start(); // startable again after close
        scheduler.close();
    }
}
