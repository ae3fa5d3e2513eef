package dev.mtasts.core.received;

import static dev.mtasts.core.received.ReceivedSamples.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mtasts.core.received.ReceivedReportStore.Outcome;

class FileReceivedReportStoreTest {
    private static final Instant NOW = Instant.parse("2026-11-29T06:00:00Z");
    private static final LocalDate DAY = LocalDate.of(2026, 11, 28);

    @TempDir
    Path directory;

    private final ReceivedReportParser parser = new ReceivedReportParser(ReceivedLimits.DEFAULTS);

    private FileReceivedReportStore store() {
        return new FileReceivedReportStore(directory, parser);
    }

    private ReceivedReport parse(String json) {
        return parser.parseJson(utf8(json)).value();
    }

    @Test
    void shouldKeepAReportOnceAndCountTheDuplicate() throws Exception {
        FileReceivedReportStore store = store();
        ReceivedReport report = parse(ReceivedSamples.OFFICE_SUITE);

        assertThat(store.store(report, utf8(ReceivedSamples.OFFICE_SUITE), NOW)).isEqualTo(Outcome.STORED);
        assertThat(store.store(report, utf8(ReceivedSamples.OFFICE_SUITE), NOW)).isEqualTo(Outcome.DUPLICATE);

        assertThat(store.reports(DAY, DAY)).extracting(ReceivedReport::reportId).containsExactly(report.reportId());
        assertThat(store.duplicates()).isEqualTo(1);
    }

    @Test
    void shouldKeepTwoPartsOfASplitReportThatShareTheReportId() throws Exception {
        FileReceivedReportStore store = store();
        String part2 = ReceivedSamples.OFFICE_SUITE.replace("\"failed-session-count\":17", "\"failed-session-count\":16");

        store.store(parse(ReceivedSamples.OFFICE_SUITE), utf8(ReceivedSamples.OFFICE_SUITE), NOW);
        assertThat(store.store(parse(part2), utf8(part2), NOW)).isEqualTo(Outcome.STORED);

        assertThat(store.reports(DAY, DAY)).hasSize(2);
    }

    @Test
    void shouldFindReportsAfterARestartWithinTheDaysAskedFor() throws Exception {
        store().store(parse(ReceivedSamples.MAILBOX_PROVIDER), utf8(ReceivedSamples.MAILBOX_PROVIDER), NOW);

        FileReceivedReportStore restarted = store();

        assertThat(restarted.reports(DAY, DAY)).hasSize(1);
        assertThat(restarted.reports(DAY.plusDays(1), DAY.plusDays(30))).isEmpty();
        assertThat(restarted.store(parse(ReceivedSamples.MAILBOX_PROVIDER), utf8(ReceivedSamples.MAILBOX_PROVIDER), NOW))
            .isEqualTo(Outcome.DUPLICATE);
    }

    @Test
    void shouldKeepAsideAnUnreadableMailWithItsReason() throws Exception {
        FileReceivedReportStore store = store();

        store.keepAside(utf8("Subject: broken\r\n\r\nnot a report"), "no report attachment\nsecond line", NOW);

        assertThat(store.setAside()).singleElement().satisfies(kept -> {
            assertThat(kept.receivedAt()).isEqualTo(NOW);
            assertThat(kept.reason()).isEqualTo("no report attachment\\x0Asecond line");
            assertThat(directory.resolve("set-aside").resolve(kept.name())).hasContent("Subject: broken\r\n\r\nnot a report");
        });
    }
}
