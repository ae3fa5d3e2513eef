package dev.mtasts.core.received;

import static dev.mtasts.core.received.ReceivedSamples.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.dns.DnsAnswer;
import dev.mtasts.core.dns.DnsResolver;
import dev.mtasts.core.dns.MxHost;
import dev.mtasts.core.tlsrpt.AggregateSource;
import dev.mtasts.core.tlsrpt.DaySummary;
import dev.mtasts.core.tlsrpt.send.DeliveryBackoff;
import dev.mtasts.core.tlsrpt.send.ReportArchive;
import dev.mtasts.core.tlsrpt.send.ReportDelivery;
import dev.mtasts.core.tlsrpt.send.ReportScheduler;
import dev.mtasts.core.tlsrpt.send.ReportSettings;
import dev.mtasts.core.tlsrpt.send.ReportStatusStore;
import dev.mtasts.core.tlsrpt.send.TlsRptTxtLookup;

/**
 * Retention of the file store of received reports ({@code tlsrpt.retention.days}): the daily TLS-RPT clean-up
 * removes the reports of days before the oldest kept, and the set-aside mails and duplicate notes received
 * before it; what is younger stays.
 */
class ReceivedRetentionTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 28);
    private static final ReceivedReportParser PARSER = new ReceivedReportParser(ReceivedLimits.DEFAULTS);

    @TempDir
    Path data;

    private static String reportOf(LocalDate day, String id) {
        return ReceivedSamples.MAILBOX_PROVIDER
                .replace("\"report-id\":\"2026-11-28T00:00:00Z_ours.test\"", "\"report-id\":\"" + id + "\"")
                .replace("2026-11-28T", day + "T");
    }

    private static void store(ReceivedReportStore store, LocalDate day, String id, Instant at) throws Exception {
        String json = reportOf(day, id);
        store.store(PARSER.parseJson(utf8(json)).value(), utf8(json), at);
    }

    /** 30 days kept: the oldest day kept is TODAY - 30; one report, mail and duplicate on either side of it. */
    private FileReceivedReportStore filledStore() throws Exception {
        FileReceivedReportStore store = new FileReceivedReportStore(data.resolve("received"), PARSER);
        Instant oldAt = TODAY.minusDays(31).atTime(23, 59).toInstant(ZoneOffset.UTC);
        Instant keptAt = TODAY.minusDays(30).atStartOfDay(ZoneOffset.UTC).toInstant();
        store(store, TODAY.minusDays(31), "old", oldAt);
        store(store, TODAY.minusDays(31), "old", oldAt);
        store(store, TODAY.minusDays(30), "kept", keptAt);
        store(store, TODAY.minusDays(30), "kept", keptAt);
        store.keepAside(utf8("Subject: old\r\n\r\nx"), "old mail", oldAt);
        store.keepAside(utf8("Subject: kept\r\n\r\nx"), "kept mail", keptAt);
        return store;
    }

    private static void assertOnlyTheYoungerHalfIsLeft(FileReceivedReportStore store) throws Exception {
        assertThat(store.reports(TODAY.minusDays(400), TODAY)).extracting(ReceivedReport::reportId)
                .containsExactly("kept");
        assertThat(store.setAside()).extracting(ReceivedReportStore.SetAside::reason).containsExactly("kept mail");
        assertThat(store.duplicates()).isEqualTo(1);
    }

    @Test
    void shouldDeleteWhatIsOlderThanTheOldestDayKept() throws Exception {
        FileReceivedReportStore store = filledStore();

        assertThat(store.deleteBefore(TODAY.minusDays(30))).isEqualTo(2);

        assertOnlyTheYoungerHalfIsLeft(store);
        assertThat(data.resolve("received/reports").resolve(TODAY.minusDays(31).toString())).doesNotExist();
        try (var files = Files.list(data.resolve("received/set-aside"))) {
            assertThat(files).hasSize(2); // the kept mail and its reason
        }
        assertThat(store.deleteBefore(TODAY.minusDays(30))).isZero();
    }

    @Test
    void shouldBeCleanedUpByTheDailyTlsRptRetention() throws Exception {
        FileReceivedReportStore store = filledStore();
        ReportSettings settings = ReportSettings.builder().organizationName("Sender Org")
                .contactInfo("tlsrpt@mail.sender.example").sendingEnabled(false).retentionDays(30).build();
        Clock clock = Clock.fixed(TODAY.atTime(23, 30).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
        TlsRptTxtLookup lookup = new TlsRptTxtLookup(new NoDns());
        ReportArchive archive = new ReportArchive(data);
        ReportStatusStore statuses = new ReportStatusStore(data);
        ReportScheduler scheduler = new ReportScheduler(settings, new NoAggregates(), lookup, archive, statuses,
                new ReportDelivery(List.of(), lookup, archive, statuses, clock, new DeliveryBackoff()), clock,
                new Random(3), List.of(store::deleteBefore));

        scheduler.runReports();

        assertOnlyTheYoungerHalfIsLeft(store);
    }

    /** No outbound counts: the scheduler has no report to build, only its clean-up to do. */
    private static final class NoAggregates implements AggregateSource {
        @Override
        public List<LocalDate> days() {
            return List.of();
        }

        @Override
        public List<DomainName> domains(LocalDate day) {
            return List.of();
        }

        @Override
        public Optional<DaySummary> summary(LocalDate day, DomainName domain) {
            return Optional.empty();
        }

        @Override
        public void discardBefore(LocalDate oldestKept) {
        }
    }

    /** Never asked: with no reports to build the scheduler looks up no TLS-RPT record. */
    private static final class NoDns implements DnsResolver {
        @Override
        public DnsAnswer<String> txt(DomainName name) {
            throw new AssertionError("no DNS lookup expected: " + name);
        }

        @Override
        public DnsAnswer<MxHost> mx(DomainName name) {
            throw new AssertionError("no DNS lookup expected: " + name);
        }

        @Override
        public DnsAnswer<InetAddress> addresses(DomainName name) {
            throw new AssertionError("no DNS lookup expected: " + name);
        }
    }
}
