package dev.mtasts.core.received;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Where received TLS reports are kept. The embedded default is {@link FileReceivedReportStore} under the
 * plugin's data directory; with {@code store=cassandra} the cluster's store (in the cassandra module) keeps
 * them for every node, with the same duplicate rule.
 *
 * <p>Contract: thread-safe; {@link IOException} means the storage failed (the caller logs it and lets the
 * mail go on: the report mail itself is still delivered as configured); nothing here throws for bad
 * report content, which the parser has already turned into values.
 */
public interface ReceivedReportStore {
    /** What {@link #store} did. */
    enum Outcome {
        /** Kept: it counts from now on. */
        STORED,
        /** A report with the same {@code report-id} and the same content is already kept: not counted again. */
        DUPLICATE
    }

    /**
     * Keeps {@code report}, whose JSON (inflated) is {@code json}, unless it is a duplicate.
     * SPEC-GAP: RFC 8460 does not say how a report split over several mails is identified; some reporters
     * reuse the {@code report-id} for each part. So a duplicate is the same {@code report-id} with the same
     * content; the same {@code report-id} with other content is another part and counts.
     */
    Outcome store(ReceivedReport report, byte[] json, Instant receivedAt) throws IOException;

    /** Keeps a mail whose report could not be read, with the reason, so that nothing is lost. */
    void keepAside(byte[] message, String reason, Instant receivedAt) throws IOException;

    /** The kept reports whose day ({@link ReceivedReport#day()}) is within {@code from}..{@code to}. */
    List<ReceivedReport> reports(LocalDate from, LocalDate to) throws IOException;

    /** The mails kept aside, oldest first. */
    List<SetAside> setAside() throws IOException;

    /** How many duplicates were dropped (since the store was created, less those removed by retention). */
    long duplicates() throws IOException;

    /**
     * Retention ({@code tlsrpt.retention.days}): removes the reports whose day is before {@code oldest}, and the
     * mails kept aside and the duplicates noted before the start of {@code oldest} (UTC). Returns how many
     * reports and set-aside mails it removed. A store whose entries expire by themselves (the Cassandra store:
     * a TTL on each row) may return 0.
     */
    int deleteBefore(LocalDate oldest) throws IOException;

    /** A mail kept aside: its file name in the store, when, and why. Immutable. */
    final class SetAside {
        private final String name;
        private final Instant receivedAt;
        private final String reason;

        public SetAside(String name, Instant receivedAt, String reason) {
            this.name = name;
            this.receivedAt = receivedAt;
            this.reason = reason;
        }

        public String name() {
            return name;
        }

        public Instant receivedAt() {
            return receivedAt;
        }

        public String reason() {
            return reason;
        }
    }
}
