package dev.mtasts.core.tlsrpt;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.Parsed;

/**
 * The RFC 8460 §5.1 report file name
 * {@code <submitter>!<policy-domain>!<begin-unix-ts>!<end-unix-ts>[!<unique-id>].json.gz}. Immutable.
 */
public final class ReportFileName {
    private static final String SUFFIX = ".json.gz";

    private final DomainName submitter;
    private final DomainName policyDomain;
    private final long beginEpochSecond;
    private final long endEpochSecond;
    private final String uniqueId;

    public ReportFileName(DomainName submitter, DomainName policyDomain, long beginEpochSecond, long endEpochSecond,
            Optional<String> uniqueId) {
        this.submitter = Objects.requireNonNull(submitter);
        this.policyDomain = Objects.requireNonNull(policyDomain);
        this.beginEpochSecond = beginEpochSecond;
        this.endEpochSecond = endEpochSecond;
        this.uniqueId = uniqueId.orElse(null);
        if (this.uniqueId != null && (this.uniqueId.isEmpty() || !this.uniqueId.matches("[A-Za-z0-9._-]+"))) {
            throw new IllegalArgumentException("a unique-id is letters, digits, '.', '_' and '-': " + this.uniqueId);
        }
    }

    /** The name of {@code report} (or a part of it) from {@code submitter}. */
    public static ReportFileName of(DomainName submitter, Report report, Optional<String> uniqueId) {
        return new ReportFileName(submitter, report.policyDomain(), report.start().getEpochSecond(),
                report.end().getEpochSecond(), uniqueId);
    }

    /** Reads a name written by {@link #toString()}; total. */
    public static Parsed<ReportFileName> parse(String fileName) {
        if (fileName == null || !fileName.endsWith(SUFFIX)) {
            return Parsed.invalid(0, "a report file name ends in " + SUFFIX);
        }
        String[] parts = fileName.substring(0, fileName.length() - SUFFIX.length()).split("!", -1);
        if (parts.length != 4 && parts.length != 5) {
            return Parsed.invalid(0, "a report file name has 4 or 5 '!'-separated fields");
        }
        Parsed<DomainName> submitter = DomainName.parse(parts[0]);
        Parsed<DomainName> domain = DomainName.parse(parts[1]);
        if (!submitter.isValid() || !domain.isValid()) {
            return Parsed.invalid(0, "the submitter or policy domain is not a domain name");
        }
        try {
            long begin = Long.parseLong(parts[2]);
            long end = Long.parseLong(parts[3]);
            return Parsed.valid(new ReportFileName(submitter.value(), domain.value(), begin, end,
                    parts.length == 5 ? Optional.of(parts[4]) : Optional.empty()));
        } catch (IllegalArgumentException e) {
            return Parsed.invalid(0, "bad timestamps or unique-id: " + e.getMessage());
        }
    }

    public DomainName submitter() {
        return submitter;
    }

    public DomainName policyDomain() {
        return policyDomain;
    }

    /** The UTC day of the begin timestamp. */
    public LocalDate day() {
        return Instant.ofEpochSecond(beginEpochSecond).atZone(ZoneOffset.UTC).toLocalDate();
    }

    public Optional<String> uniqueId() {
        return Optional.ofNullable(uniqueId);
    }

    /** Everything before the optional unique-id: the same for every part of one day's report. */
    public String dayPrefix() {
        return submitter.asciiName() + "!" + policyDomain.asciiName() + "!" + beginEpochSecond + "!" + endEpochSecond;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReportFileName && o.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        return dayPrefix() + (uniqueId == null ? "" : "!" + uniqueId) + SUFFIX;
    }
}
