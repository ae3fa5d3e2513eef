package dev.mtasts.core.tlsrpt;

import java.util.Objects;


/**
 * One file's worth of a daily report: its content, its RFC 8460 §5.1 file name and the gzip-compressed JSON.
 * A report that fits the size limit is one part without a unique-id. Immutable (the byte array is not
 * copied on read: do not modify it).
 */
public final class ReportPart {
    private final Report report;
    private final ReportFileName fileName;
    private final byte[] gzip;

    public ReportPart(Report report, ReportFileName fileName, byte[] gzip) {
        this.report = Objects.requireNonNull(report);
        this.fileName = Objects.requireNonNull(fileName);
        this.gzip = Objects.requireNonNull(gzip);
    }

    public Report report() {
        return report;
    }

    public ReportFileName fileName() {
        return fileName;
    }

    /** The gzip-compressed JSON, as written to disk and sent. */
    public byte[] gzip() {
        return gzip;
    }

    @Override
    public String toString() {
        return fileName + " (" + gzip.length + " bytes)";
    }
}
