package dev.mtasts.core.tlsrpt.send;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.mtasts.core.tlsrpt.ReportFileName;

/**
 * The state of one report file: which file, its report-id, when it was written, why it is not sent (if it
 * is not: sending disabled, no or invalid {@code _smtp._tls} record) and one {@link DeliveryStatus} per rua
 * destination. Immutable.
 */
public final class ReportStatus {
    private final ReportFileName fileName;
    private final String reportId;
    private final Instant createdAt;
    private final String note;
    private final List<DeliveryStatus> destinations;

    public ReportStatus(ReportFileName fileName, String reportId, Instant createdAt, String note,
            List<DeliveryStatus> destinations) {
        this.fileName = Objects.requireNonNull(fileName);
        this.reportId = Objects.requireNonNull(reportId);
        this.createdAt = Objects.requireNonNull(createdAt);
        this.note = Objects.requireNonNull(note);
        this.destinations = List.copyOf(destinations);
    }

    public ReportFileName fileName() {
        return fileName;
    }

    public String reportId() {
        return reportId;
    }

    /** The UTC day the report covers. */
    public LocalDate day() {
        return fileName.day();
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** Empty when the report is sent; otherwise why not, e.g. "no _smtp._tls record". */
    public String note() {
        return note;
    }

    public List<DeliveryStatus> destinations() {
        return destinations;
    }

    /** The same status with the destination of the same URI replaced. */
    public ReportStatus with(DeliveryStatus changed) {
        List<DeliveryStatus> updated = new ArrayList<>();
        for (DeliveryStatus destination : destinations) {
            updated.add(destination.uri().equals(changed.uri()) ? changed : destination);
        }
        return new ReportStatus(fileName, reportId, createdAt, note, updated);
    }

    /** The same status with another note. */
    public ReportStatus withNote(String newNote) {
        return new ReportStatus(fileName, reportId, createdAt, newNote, destinations);
    }

    /** The same status with the destination of {@code uri} replaced by {@code replacements}. */
    public ReportStatus replacing(String uri, List<DeliveryStatus> replacements) {
        List<DeliveryStatus> updated = new ArrayList<>();
        for (DeliveryStatus destination : destinations) {
            if (destination.uri().equals(uri)) {
                updated.addAll(replacements);
            } else {
                updated.add(destination);
            }
        }
        return new ReportStatus(fileName, reportId, createdAt, note, updated);
    }

    /** True when some destination is still pending. */
    public boolean hasPending() {
        return destinations.stream().anyMatch(d -> d.state() == DeliveryState.PENDING);
    }

    /** True when some destination is pending and due at or before {@code now}. */
    public boolean hasDue(Instant now) {
        return destinations.stream().anyMatch(d -> d.isDue(now));
    }

    @Override
    public String toString() {
        return fileName + " " + destinations + (note.isEmpty() ? "" : " (" + note + ")");
    }
}
