package dev.mtasts.core.diagnostics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.ParseError;
import dev.mtasts.core.Parsed;
import dev.mtasts.core.dns.DnsAnswer;
import dev.mtasts.core.dns.DnsResolver;
import dev.mtasts.core.policy.StsTxtParser;
import dev.mtasts.core.policy.StsTxtRecord;

/**
 * Step 1: the {@code _mta-sts.<domain>} TXT record (RFC 8461 §3.1), as a sender reads it: NXDOMAIN, NODATA
 * and a failed lookup told apart, CNAMEs followed and shown, records not beginning {@code v=STSv1;} discarded
 * and listed, exactly one STSv1 record required, its syntax checked by {@link StsTxtParser}. Stateless.
 */
final class TxtRecordCheck {
    static final int NUMBER = 1;
    private static final String EXAMPLE = "\"v=STSv1; id=20240101T000000;\"";

    private TxtRecordCheck() {
    }

    static Checked<StsTxtRecord> check(DnsResolver dns, DomainName domain) {
        Parsed<DomainName> prefixed = domain.prefixed("_mta-sts");
        if (!prefixed.isValid()) {
            // RFC 8461 §3.1: the record lives at _mta-sts.<domain>; a name that would pass 253 characters
            // cannot exist, so no sender can discover a policy.
            return Checked.failed(CheckStep.fail(NUMBER, "TXT record _mta-sts." + domain, "name too long",
                    "the TXT record name _mta-sts." + domain + " would be longer than 253 characters: no sender"
                            + " can discover or fetch a policy for this domain",
                    "MTA-STS needs a domain of at most 244 characters", List.of()));
        }
        DomainName name = prefixed.value();
        String title = "TXT record " + name;
        DnsAnswer<String> answer = dns.txt(name);
        List<String> details = new ArrayList<>();
        if (!answer.cnameChain().isEmpty()) {
            details.add("CNAME: " + DnsLines.chain(name, answer.cnameChain()));
        }
        String publish = "publish one TXT record at " + name + ": " + EXAMPLE
                + " (change the id whenever the policy file changes)";
        if (answer.status() == DnsAnswer.Status.FAILED) {
            return Checked.failed(CheckStep.fail(NUMBER, title, "DNS lookup failed",
                    answer.detail() + "; no answer is not the same as no record, and senders treat the domain as"
                            + " having no policy until it answers",
                    "make the DNS servers of " + domain + " answer for " + name + " (when they answer SERVFAIL, a"
                            + " broken DNSSEC signature or delegation is the usual cause)", details));
        }
        if (answer.status() == DnsAnswer.Status.NO_RECORD) {
            String cause = answer.isNxDomain()
                    ? name + " does not exist (" + answer.detail() + "): the domain publishes no MTA-STS record"
                    : name + " exists but has no TXT record (" + answer.detail() + ")";
            return Checked.failed(CheckStep.fail(NUMBER, title, answer.isNxDomain() ? "NXDOMAIN" : "NODATA", cause,
                    publish, details));
        }
        List<String> records = answer.records();
        for (String record : records) {
            boolean sts = isStsRecord(record);
            details.add((sts ? "record: \"" : "discarded (not v=STSv1): \"") + record + "\"");
        }
        Parsed<StsTxtRecord> selected = StsTxtParser.select(records);
        for (ParseError error : selected.errors()) {
            details.add("error: " + error.reason());
        }
        for (ParseError warning : selected.warnings()) {
            details.add("warning: " + warning.reason());
        }
        if (!selected.isValid()) {
            long stsRecords = records.stream().filter(TxtRecordCheck::isStsRecord).count();
            String fix = stsRecords > 1 ? "delete all but one of the v=STSv1 TXT records at " + name
                    : "publish exactly one TXT record at " + name + " of the form " + EXAMPLE;
            return Checked.failed(CheckStep.fail(NUMBER, title, "no usable MTA-STS record",
                    cause(records, selected), fix, details));
        }
        StsTxtRecord record = selected.value();
        details.add("id: " + record.id());
        if (!selected.warnings().isEmpty()) {
            return Checked.of(CheckStep.warn(NUMBER, title, record.text(), selected.warnings().get(0).reason(),
                    "publish the record exactly as \"v=STSv1; id=" + record.id() + ";\"", details), record);
        }
        return Checked.of(CheckStep.pass(NUMBER, title, record.text(), details), record);
    }

    /** The parser's first reason, or, when the only candidates carry another version, that. */
    private static String cause(List<String> records, Parsed<StsTxtRecord> selected) {
        boolean anySts = records.stream().anyMatch(TxtRecordCheck::isStsRecord);
        if (!anySts) {
            for (ParseError error : selected.errors()) {
                if (error.reason().contains("looks like an MTA-STS record")) {
                    return error.reason(); // the near miss's own reason says more than "no STSv1 record"
                }
            }
            for (String record : records) {
                String lower = record.trim().toLowerCase(Locale.ROOT);
                if (lower.startsWith("v=sts") && !lower.startsWith("v=stsv1")) {
                    String version = record.trim().split("[;\\s]", 2)[0];
                    return "the TXT record \"" + record + "\" has the version '" + version + "'; the only MTA-STS"
                            + " version is STSv1, so senders discard the record and find no policy (RFC 8461 §3.1)";
                }
            }
        }
        return selected.errors().get(0).reason();
    }

    /** RFC 8461 §3.1: a record beginning "v=STSv1" *WSP ";" (the parser's own selection rule). */
    private static boolean isStsRecord(String record) {
        return record.startsWith("v=STSv1") && record.substring("v=STSv1".length()).trim().startsWith(";");
    }
}
