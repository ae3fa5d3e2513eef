package dev.mtasts.core.diagnostics;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import dev.mtasts.core.Failure;
import dev.mtasts.core.ParseError;
import dev.mtasts.core.Parsed;
import dev.mtasts.core.policy.MxPattern;
import dev.mtasts.core.policy.PolicyMode;
import dev.mtasts.core.policy.StsPolicy;
import dev.mtasts.core.policy.StsPolicyParser;

/**
 * Step 5: the policy file's syntax, line by line, with {@link StsPolicyParser}'s errors and warnings
 * (RFC 8461 §3.2), and advice on mode and max_age: testing before enforce; max_age in weeks (a warning
 * below a day, a note below the recommended week). Stateless.
 */
final class PolicyContentCheck {
    static final int NUMBER = 5;
    static final long ONE_DAY = 86_400L;
    static final long ONE_WEEK = 604_800L;
    private static final String MINIMAL = "'version: STSv1', 'mode: testing', 'mx: mail.example.com',"
            + " 'max_age: 604800', one per line";

    private PolicyContentCheck() {
    }

    /**
     * @param body the decoded body, or null when it could not be decoded
     * @param fetchFailure the fetch's failure, if any (a body that is not UTF-8 is reported from it)
     */
    static Checked<StsPolicy> check(String url, String body, Failure fetchFailure) {
        String title = "policy file " + url;
        if (body == null) {
            String cause = fetchFailure == null ? "the policy file could not be read" : fetchFailure.sentence();
            return Checked.failed(CheckStep.fail(NUMBER, title, "not readable", cause,
                    "save the policy file as plain ASCII text: " + MINIMAL, List.of()));
        }
        Parsed<StsPolicy> parsed = StsPolicyParser.parse(body);
        List<String> details = new ArrayList<>();
        for (ParseError error : parsed.errors()) {
            details.add("error " + error);
        }
        for (ParseError warning : parsed.warnings()) {
            details.add("warning " + warning);
        }
        if (!parsed.isValid()) {
            ParseError first = parsed.errors().get(0);
            return Checked.failed(CheckStep.fail(NUMBER, title, "invalid (" + count(parsed.errors().size(), "error")
                    + ")", first.toString(), "correct the file as the error says; keys and values are lower case"
                    + " and case-sensitive; a minimal policy is " + MINIMAL, details));
        }
        StsPolicy policy = parsed.value();
        String summary = "mode " + policy.mode() + ", max_age " + policy.maxAgeSeconds() + " ("
                + days(policy.maxAgeSeconds()) + "), mx " + policy.mxPatterns().stream().map(MxPattern::text)
                        .collect(Collectors.joining(", "));
        if (policy.mode() == PolicyMode.TESTING) {
            details.add("mode testing: senders report TLS failures but still deliver; switch to 'mode: enforce'"
                    + " once TLS-RPT reports show no failures for a few weeks");
        }
        if (policy.maxAgeSeconds() >= ONE_DAY && policy.maxAgeSeconds() < ONE_WEEK) {
            details.add("max_age below the recommended one week: consider 'max_age: " + ONE_WEEK + "' or more");
        }
        if (policy.maxAgeSeconds() < ONE_DAY) {
            return Checked.of(CheckStep.warn(NUMBER, title, summary, "max_age " + policy.maxAgeSeconds()
                    + " is less than a day: senders forget the policy too soon for it to protect against a downgrade",
                    "set max_age in weeks: at least one week, e.g. 'max_age: " + ONE_WEEK + "' or more (at most "
                            + StsPolicyParser.MAX_AGE_LIMIT + ")", details), policy);
        }
        if (!parsed.warnings().isEmpty()) {
            ParseError first = parsed.warnings().get(0);
            return Checked.of(CheckStep.warn(NUMBER, title, summary, first.toString(), "edit line " + first.line()
                    + " as the warning says: other senders may reject a file that deviates from RFC 8461 §3.2",
                    details), policy);
        }
        if (policy.mode() == PolicyMode.NONE) {
            return Checked.of(CheckStep.warn(NUMBER, title, summary, "mode none: senders apply no MTA-STS policy to"
                    + " this domain", "use 'mode: testing' to start (failures are reported, mail still flows), then"
                    + " 'mode: enforce'", details), policy);
        }
        return Checked.of(CheckStep.pass(NUMBER, title, summary, details), policy);
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    static String days(long seconds) {
        if (seconds % ONE_WEEK == 0) {
            return seconds / ONE_WEEK == 1 ? "1 week" : seconds / ONE_WEEK + " weeks";
        }
        if (seconds >= ONE_DAY) {
            return String.format(java.util.Locale.ROOT, "%.1f days", seconds / (double) ONE_DAY);
        }
        return seconds / 3600.0 >= 1 ? String.format(java.util.Locale.ROOT, "%.1f hours", seconds / 3600.0)
                : seconds + " seconds";
    }
}
