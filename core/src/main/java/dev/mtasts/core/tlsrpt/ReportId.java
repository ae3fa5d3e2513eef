package dev.mtasts.core.tlsrpt;

import java.time.LocalDate;
import java.util.Objects;
import java.util.regex.Pattern;

import dev.mtasts.core.DomainName;

/**
 * The identity of one daily report: {@code <day>.<policy-domain>.<token>@<submitter>}, usable as the
 * {@code report-id} (RFC 8460 §4.4) and, in angle brackets, as an RFC 5322 msg-id in the Subject (§5.3.1):
 * both sides are dot-atom-text, no ':' anywhere. Parts of a split report get {@code .<n>} after the token
 * and the file unique-id {@code <token>-<n>}. Immutable.
 */
public final class ReportId {
    private static final Pattern TOKEN = Pattern.compile("[a-z0-9]{1,32}");

    private final LocalDate day;
    private final DomainName policyDomain;
    private final String token;
    private final DomainName submitter;

    /** {@code token}: 1 to 32 lower-case letters and digits, random per report. */
    public ReportId(LocalDate day, DomainName policyDomain, String token, DomainName submitter) {
        this.day = Objects.requireNonNull(day);
        this.policyDomain = Objects.requireNonNull(policyDomain);
        this.token = Objects.requireNonNull(token);
        this.submitter = Objects.requireNonNull(submitter);
        if (!TOKEN.matcher(token).matches()) {
            throw new IllegalArgumentException("a report token is 1 to 32 of [a-z0-9]: " + token);
        }
    }

    /** The id of the whole (unsplit) report. */
    public String whole() {
        return day + "." + policyDomain.asciiName() + "." + token + "@" + submitter.asciiName();
    }

    /** The id of part {@code n} (1-based) of a split report. */
    public String part(int n) {
        return day + "." + policyDomain.asciiName() + "." + token + "." + n + "@" + submitter.asciiName();
    }

    /** The RFC 8460 §5.1 file-name unique-id of part {@code n}. */
    public String uniqueId(int n) {
        return token + "-" + n;
    }

    public DomainName submitter() {
        return submitter;
    }

    @Override
    public String toString() {
        return whole();
    }
}
