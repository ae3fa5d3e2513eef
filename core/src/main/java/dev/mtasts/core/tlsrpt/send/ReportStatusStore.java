package dev.mtasts.core.tlsrpt.send;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mtasts.core.tlsrpt.ReportFileName;
import dev.mtasts.core.Parsed;

/**
 * The delivery status of every report file, one small JSON file per report under
 * {@code <data>/tlsrpt/status/}, written crash-safely, so retries survive a restart and an operator view can
 * list them by day. Thread-safe for distinct reports; callers serialise updates of one report. I/O failures
 * are thrown as {@link IOException}; an unreadable status file is skipped with a WARN.
 */
public final class ReportStatusStore {
    private static final Logger LOG = LoggerFactory.getLogger(ReportStatusStore.class);
    private static final String SUFFIX = ".status.json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path directory;

    public ReportStatusStore(Path dataDirectory) {
        this.directory = Objects.requireNonNull(dataDirectory).resolve("tlsrpt").resolve("status");
    }

    /** Writes (or replaces) the status of one report file. */
    public void save(ReportStatus status) throws IOException {
        ReportArchive.writeAtomically(pathOf(status.fileName()), MAPPER.writeValueAsBytes(toJson(status)));
    }

    /** The status of one report file, if recorded. */
    public Optional<ReportStatus> load(ReportFileName fileName) throws IOException {
        Path path = pathOf(fileName);
        return Files.exists(path) ? read(path) : Optional.empty();
    }

    /** Statuses of the reports covering {@code day}, sorted by file name. */
    public List<ReportStatus> list(LocalDate day) throws IOException {
        List<ReportStatus> out = new ArrayList<>();
        for (ReportStatus status : listAll()) {
            if (status.day().equals(day)) {
                out.add(status);
            }
        }
        return out;
    }

    /** Every recorded status, sorted by file name. */
    public List<ReportStatus> listAll() throws IOException {
        List<ReportStatus> out = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path file : files) {
                read(file).ifPresent(out::add);
            }
        }
        out.sort((a, b) -> a.fileName().toString().compareTo(b.fileName().toString()));
        return out;
    }

    /** Deletes the statuses of days before {@code oldestKept}; returns how many. */
    public int deleteBefore(LocalDate oldestKept) throws IOException {
        int deleted = 0;
        for (ReportStatus status : listAll()) {
            if (status.day().isBefore(oldestKept) && Files.deleteIfExists(pathOf(status.fileName()))) {
                deleted++;
            }
        }
        return deleted;
    }

    private Path pathOf(ReportFileName fileName) {
        String name = fileName.toString();
        return directory.resolve(name.substring(0, name.length() - ".json.gz".length()) + SUFFIX);
    }

    private static ObjectNode toJson(ReportStatus status) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("file", status.fileName().toString());
        root.put("report-id", status.reportId());
        root.put("created", status.createdAt().toString());
        root.put("note", status.note());
        ArrayNode destinations = root.putArray("destinations");
        for (DeliveryStatus d : status.destinations()) {
            ObjectNode node = destinations.addObject();
            node.put("uri", d.uri());
            node.put("state", d.state().name());
            node.put("attempts", d.attempts());
            d.firstAttempt().ifPresent(t -> node.put("first-attempt", t.toString()));
            d.lastAttempt().ifPresent(t -> node.put("last-attempt", t.toString()));
            d.lastError().ifPresent(e -> node.put("last-error", e));
            d.nextAttempt().ifPresent(t -> node.put("next-attempt", t.toString()));
        }
        return root;
    }

    private static Optional<ReportStatus> read(Path file) {
        try {
            JsonNode root = MAPPER.readTree(Files.readAllBytes(file));
            Parsed<ReportFileName> name = ReportFileName.parse(root.path("file").asText());
            if (!name.isValid()) {
                throw new IllegalArgumentException(name.describeErrors());
            }
            List<DeliveryStatus> destinations = new ArrayList<>();
            for (JsonNode d : root.path("destinations")) {
                destinations.add(new DeliveryStatus(d.get("uri").asText(), DeliveryState.valueOf(d.get("state").asText()),
                        d.path("attempts").asInt(), instant(d, "first-attempt"), instant(d, "last-attempt"),
                        d.hasNonNull("last-error") ? d.get("last-error").asText() : null, instant(d, "next-attempt")));
            }
            return Optional.of(new ReportStatus(name.value(), root.get("report-id").asText(),
                    Instant.parse(root.get("created").asText()), root.path("note").asText(""), destinations));
        } catch (IOException | RuntimeException e) {
            LOG.warn("TLS-RPT status file {} is unreadable and is ignored: {}", file, e.toString());
            return Optional.empty();
        }
    }

    private static Instant instant(JsonNode node, String field) {
        return node.hasNonNull(field) ? Instant.parse(node.get(field).asText()) : null;
    }
}
