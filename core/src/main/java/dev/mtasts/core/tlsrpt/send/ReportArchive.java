package dev.mtasts.core.tlsrpt.send;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.mtasts.core.tlsrpt.ReportPart;
import dev.mtasts.core.tlsrpt.ReportFileName;
import dev.mtasts.core.DomainName;
import dev.mtasts.core.Parsed;

/**
 * The report files on disk: {@code <data>/tlsrpt/reports/<RFC 8460 §5.1 file name>}, gzip-compressed JSON.
 * Writes are crash-safe (a temporary file in the same directory, forced to disk, then renamed atomically),
 * so a file with a report name is always complete. Thread-safe; I/O failures are thrown as
 * {@link IOException}.
 */
public final class ReportArchive {
    private final Path directory;

    /** {@code dataDirectory}: the plugin's data directory; reports go to {@code tlsrpt/reports} below it. */
    public ReportArchive(Path dataDirectory) {
        this.directory = Objects.requireNonNull(dataDirectory).resolve("tlsrpt").resolve("reports");
    }

    public Path directory() {
        return directory;
    }

    /** Writes one report file (replacing a file of the same name) and returns its path. */
    public Path write(ReportPart part) throws IOException {
        Path target = directory.resolve(part.fileName().toString());
        writeAtomically(target, part.gzip());
        return target;
    }

    /** The gzip bytes of a report file. */
    public byte[] read(ReportFileName name) throws IOException {
        return Files.readAllBytes(directory.resolve(name.toString()));
    }

    /** True when a report (or any part of it) of {@code domain} for {@code day} from {@code submitter} exists. */
    public boolean hasReport(DomainName submitter, LocalDate day, DomainName domain) throws IOException {
        for (ReportFileName name : list()) {
            if (name.submitter().equals(submitter) && name.policyDomain().equals(domain) && name.day().equals(day)) {
                return true;
            }
        }
        return false;
    }

    /** The report files of {@code day}, sorted by name. */
    public List<ReportFileName> list(LocalDate day) throws IOException {
        List<ReportFileName> out = new ArrayList<>();
        for (ReportFileName name : list()) {
            if (name.day().equals(day)) {
                out.add(name);
            }
        }
        return out;
    }

    /** Every report file, sorted by name; files with other names are ignored. */
    public List<ReportFileName> list() throws IOException {
        List<ReportFileName> out = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.json.gz")) {
            for (Path file : files) {
                Parsed<ReportFileName> name = ReportFileName.parse(file.getFileName().toString());
                if (name.isValid()) {
                    out.add(name.value());
                }
            }
        }
        out.sort((a, b) -> a.toString().compareTo(b.toString()));
        return out;
    }

    /** Deletes report files of days before {@code oldestKept}; returns how many. */
    public int deleteBefore(LocalDate oldestKept) throws IOException {
        int deleted = 0;
        for (ReportFileName name : list()) {
            if (name.day().isBefore(oldestKept) && Files.deleteIfExists(directory.resolve(name.toString()))) {
                deleted++;
            }
        }
        return deleted;
    }

    /** Temp file in the same directory, forced to disk, renamed over {@code target}. */
    static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), ".tmp-", ".part");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
