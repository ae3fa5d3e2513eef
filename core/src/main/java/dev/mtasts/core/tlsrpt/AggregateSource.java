package dev.mtasts.core.tlsrpt;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import dev.mtasts.core.DomainName;

/**
 * Read side of the TLS-RPT aggregates, for the daily report builder and the operator's views. Thread-safe.
 */
public interface AggregateSource {
    /** UTC days that have data, oldest first. */
    List<LocalDate> days();

    /** Policy domains with data on {@code day}. */
    List<DomainName> domains(LocalDate day);

    /** The counts of {@code domain} on {@code day}, if any. */
    Optional<DaySummary> summary(LocalDate day, DomainName domain);

    /** Forgets days before {@code oldestKept} (retention). */
    void discardBefore(LocalDate oldestKept);
}
