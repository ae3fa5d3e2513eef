package dev.mtasts.core.tlsrpt;

import java.util.Objects;


/**
 * What a sender needs to deliver one report file: its name, its report-id and the gzip-compressed JSON
 * (read back from disk for retries). Immutable (the byte array is not copied: do not modify it).
 */
public final class ReportDocument {
    private final ReportFileName fileName;
    private final String reportId;
    private final byte[] gzip;

    public ReportDocument(ReportFileName fileName, String reportId, byte[] gzip) {
        this.fileName = Objects.requireNonNull(fileName);
        this.reportId = Objects.requireNonNull(reportId);
        this.gzip = Objects.requireNonNull(gzip);
    }

    public static ReportDocument of(ReportPart part) {
        return new ReportDocument(part.fileName(), part.report().reportId(), part.gzip());
    }

    public ReportFileName fileName() {
        return fileName;
    }

    public String reportId() {
        return reportId;
    }

    public byte[] gzip() {
        return gzip;
    }

    @Override
    public String toString() {
        return fileName.toString();
    }
}
