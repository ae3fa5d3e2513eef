package dev.mtasts.core.tlsrpt.send;

import static dev.mtasts.core.tlsrpt.ReportFixtures.DAY;
import static dev.mtasts.core.tlsrpt.ReportFixtures.DOMAIN;
import static dev.mtasts.core.tlsrpt.ReportFixtures.SUBMITTER;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mtasts.core.tlsrpt.ReportFixtures;
import dev.mtasts.core.tlsrpt.ReportFileName;

class ReportStatusStoreTest {
    private static final Instant NOW = Instant.parse("2026-11-28T02:00:00Z");

    @TempDir
    Path data;

    private static ReportFileName name(java.time.LocalDate day, String unique) {
        Instant start = day.atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        return new ReportFileName(SUBMITTER, DOMAIN, start.getEpochSecond(), start.getEpochSecond() + 86_399,
                Optional.ofNullable(unique));
    }

    @Test
    void shouldReadBackEveryFieldWhenSaved() throws Exception {
        ReportStatusStore store = new ReportStatusStore(data);
        DeliveryStatus failedOnce = DeliveryStatus.pending("https://r.example/x", NOW)
                .attemptFailed(NOW, "HTTP 500", Optional.of(NOW.plusSeconds(300)));
        DeliveryStatus delivered = DeliveryStatus.pending("mailto:a@r.example", NOW).delivered(NOW);
        ReportStatus status = new ReportStatus(name(DAY, "t-1"), "id@x.example", NOW, "", List.of(failedOnce, delivered));

        store.save(status);
        ReportStatus read = new ReportStatusStore(data).load(status.fileName()).orElseThrow();

        assertThat(read.reportId()).isEqualTo("id@x.example");
        assertThat(read.createdAt()).isEqualTo(NOW);
        assertThat(read.destinations()).extracting(DeliveryStatus::toString)
                .containsExactly(failedOnce.toString(), delivered.toString());
        assertThat(read.destinations().get(0).firstAttempt()).contains(NOW);
        assertThat(read.destinations().get(0).nextAttempt()).contains(NOW.plusSeconds(300));
    }

    @Test
    void shouldListByDayAndSkipUnreadableFilesWhenListing() throws Exception {
        ReportStatusStore store = new ReportStatusStore(data);
        store.save(new ReportStatus(name(DAY, null), "a@x.example", NOW, "no TXT record", List.of()));
        store.save(new ReportStatus(name(DAY.minusDays(1), null), "b@x.example", NOW, "", List.of()));
        Files.writeString(data.resolve("tlsrpt/status/broken.status.json"), "{not json");

        assertThat(store.list(DAY)).extracting(ReportStatus::reportId).containsExactly("a@x.example");
        assertThat(store.listAll()).hasSize(2);
        assertThat(store.deleteBefore(DAY)).isEqualTo(1);
        assertThat(store.listAll()).hasSize(1);
    }
}
