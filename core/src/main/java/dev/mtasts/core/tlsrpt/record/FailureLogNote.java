package dev.mtasts.core.tlsrpt.record;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonGenerator;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.Failure;
import dev.mtasts.core.cache.CachedPolicy;

/**
 * A failure-log line about a local decision that weakened or delayed the delivery of one mail, not about a
 * TLS session: an enforce policy waived by {@code TLS-Required: No} ({@code "event":"tls-required-waived"}),
 * or a domain whose policy could not be discovered ({@code "event":"discovery-failed"}). Such lines are not
 * counted in TLS-RPT reports. Field order as in {@link FailureLogEntry}: {@code time, domain, result} (only
 * with a failure), {@code reason, reason-code, event, policy-type, policy-mode, policy-id, action, mail}.
 * Immutable.
 */
final class FailureLogNote implements FailureLogLine {
    static final String WAIVED = "tls-required-waived";
    static final String DISCOVERY_FAILED = "discovery-failed";

    private final Instant time;
    private final DomainName domain;
    private final String event;
    private final Optional<Failure> failure;
    private final String reason;
    private final Optional<CachedPolicy> policy;
    private final String action;
    private final String mailName;
    private final boolean reportMail;

    private FailureLogNote(Instant time, DomainName domain, String event, Optional<Failure> failure, String reason,
            Optional<CachedPolicy> policy, String action, String mailName, boolean reportMail) {
        this.time = time;
        this.domain = domain;
        this.event = event;
        this.failure = failure;
        this.reason = reason;
        this.policy = policy;
        this.action = action;
        this.mailName = mailName;
        this.reportMail = reportMail;
    }

    /** RFC 8689 §5: the message's {@code TLS-Required: No} made the enforce {@code policy} apply as testing. */
    static FailureLogNote waived(Instant time, DomainName domain, CachedPolicy policy, String mailName,
            boolean reportMail) {
        return new FailureLogNote(time, domain, WAIVED, Optional.empty(), "the message carries TLS-Required: No"
                + " (RFC 8689), so the enforce policy was applied as testing: TLS failures did not stop it",
                Optional.of(policy), "applied-as-testing", mailName, reportMail);
    }

    /** The TXT lookup failed with nothing cached: the mail was deferred, or delivered as without a policy. */
    static FailureLogNote discoveryFailed(Instant time, DomainName domain, Failure failure, String mailName,
            boolean deferred) {
        return new FailureLogNote(time, domain, DISCOVERY_FAILED, Optional.of(failure), failure.sentence(),
                Optional.empty(), deferred ? "deferred" : "delivered-without-policy", mailName, false);
    }

    @Override
    public LocalDate day() {
        return LocalDate.ofInstant(time, ZoneOffset.UTC);
    }

    @Override
    public void write(JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField("time", time.toString());
        json.writeStringField("domain", domain.asciiName());
        if (failure.isPresent()) {
            json.writeStringField("result", failure.get().resultType().wireName());
        }
        json.writeStringField("reason", reason);
        if (failure.isPresent()) {
            json.writeStringField("reason-code", failure.get().code());
        }
        json.writeStringField("event", event);
        json.writeStringField("policy-type", policy.isPresent() ? "sts" : "no-policy-found");
        if (policy.isPresent()) {
            json.writeStringField("policy-mode", policy.get().policy().mode().text());
            json.writeStringField("policy-id", policy.get().id());
        }
        json.writeStringField("action", action);
        if (mailName != null) {
            json.writeStringField("mail", mailName);
        }
        if (reportMail) {
            json.writeBooleanField("report-mail", true);
        }
        json.writeEndObject();
    }
}
