package dev.mtasts.core.tlsrpt.send;

import static dev.mtasts.core.tlsrpt.ReportFixtures.DAY;
import static dev.mtasts.core.tlsrpt.ReportFixtures.DOMAIN;
import static dev.mtasts.core.tlsrpt.ReportFixtures.SUBMITTER;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mtasts.core.tlsrpt.ReportPart;
import dev.mtasts.core.tlsrpt.ReportFixtures;
import dev.mtasts.core.tlsrpt.Report;
import dev.mtasts.core.tlsrpt.ReportFileName;
import dev.mtasts.core.tlsrpt.ReportId;

class ReportArchiveTest {
    @TempDir
    Path data;

    private static ReportPart part(LocalDate day, String token) {
        return new ReportSplitter(5_000_000).split(new Report("O", "a@mail.sender.example", "x", day, DOMAIN,
                ReportFixtures.sampleDay(DOMAIN).policies()), new ReportId(day, DOMAIN, token, SUBMITTER)).get(0);
    }

    @Test
    void shouldStoreTheGzipUnderTheRfcFileNameWhenWritten() throws Exception {
        ReportArchive archive = new ReportArchive(data);
        ReportPart part = part(DAY, "aa");

        Path file = archive.write(part);

        assertThat(file).isEqualTo(data.resolve("tlsrpt/reports/" + part.fileName()));
        assertThat(archive.read(part.fileName())).isEqualTo(part.gzip());
        assertThat(archive.hasReport(SUBMITTER, DAY, DOMAIN)).isTrue();
        assertThat(archive.hasReport(SUBMITTER, DAY.minusDays(1), DOMAIN)).isFalse();
        try (var files = Files.list(file.getParent())) {
            assertThat(files).as("no temporary file is left behind").containsExactly(file);
        }
    }

    @Test
    void shouldIgnoreTemporaryAndForeignFilesWhenListing() throws Exception {
        ReportArchive archive = new ReportArchive(data);
        archive.write(part(DAY, "aa"));
        Files.writeString(archive.directory().resolve(".tmp-123.part"), "half a report");
        Files.writeString(archive.directory().resolve("notes.txt"), "operator notes");

        assertThat(archive.list()).hasSize(1);
        assertThat(archive.list(DAY)).hasSize(1);
    }

    @Test
    void shouldDeleteOnlyOlderDaysWhenRetentionApplies() throws Exception {
        ReportArchive archive = new ReportArchive(data);
        archive.write(part(DAY, "aa"));
        archive.write(part(DAY.minusDays(40), "bb"));

        assertThat(archive.deleteBefore(DAY.minusDays(30))).isEqualTo(1);
        assertThat(archive.list()).extracting(ReportFileName::day).containsExactly(DAY);
    }
}
