package dev.mtasts.core.tlsrpt.record;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonGenerator;

import dev.mtasts.core.tlsrpt.SessionResult;
import dev.mtasts.core.DomainName;
import dev.mtasts.core.Failure;
import dev.mtasts.core.RemoteText;
import dev.mtasts.core.cache.CachedPolicy;
import dev.mtasts.core.delivery.AttemptResult;
import dev.mtasts.core.delivery.DomainDelivery;
import dev.mtasts.core.delivery.TlsDetails;

/**
 * One line of the failure log: a delivery attempt's TLS-RPT session, or a policy-fetch failure. Made on the
 * delivery thread from references only (cheap); formatted as JSON on the log's writer thread. Field order,
 * for people reading the file: {@code time, domain, result, mx, address, reason}, then the policy, the
 * session's details and the mail. Absent values are left out; remote text is cleaned and capped
 * ({@link RemoteText}). Immutable.
 */
final class FailureLogEntry implements FailureLogLine {
    /** Longest value of one field: the line stays readable, whatever the remote side sent. */
    static final int FIELD_MAX = 1000;

    private final Instant time;
    private final DomainName domain;
    private final SessionResult session;
    private final DomainDelivery round;
    private final String mailName;
    private final boolean reportMail;
    private final Optional<String> txtId;
    private final Optional<CachedPolicy> cached;

    private FailureLogEntry(Instant time, DomainName domain, SessionResult session, DomainDelivery round,
            String mailName, boolean reportMail, Optional<String> txtId, Optional<CachedPolicy> cached) {
        this.time = time;
        this.domain = domain;
        this.session = session;
        this.round = round;
        this.mailName = mailName;
        this.reportMail = reportMail;
        this.txtId = txtId;
        this.cached = cached;
    }

    static FailureLogEntry attempt(DomainDelivery round, SessionResult session, String mailName, boolean reportMail) {
        return new FailureLogEntry(session.time(), round.domain(), session, round, mailName, reportMail,
                Optional.empty(), round.lookup().policy());
    }

    static FailureLogEntry fetchFailure(SessionResult session, Optional<String> txtId, Optional<CachedPolicy> cached) {
        return new FailureLogEntry(session.time(), session.policy().policyDomain(), session, null, null, false, txtId,
                cached);
    }

    @Override
    public LocalDate day() {
        return LocalDate.ofInstant(time, ZoneOffset.UTC);
    }

    @Override
    public void write(JsonGenerator json) throws IOException {
        AttemptResult attempt = session.attempt().orElse(null);
        Failure failure = session.failure().orElse(null);
        json.writeStartObject();
        json.writeStringField("time", time.toString());
        json.writeStringField("domain", domain.asciiName());
        json.writeStringField("result", failure == null ? "success" : failure.resultType().wireName());
        if (attempt != null) {
            json.writeStringField("mx", attempt.mx().host().asciiName());
            writeAddress(json, "address", attempt.address());
        }
        json.writeStringField("reason", failure != null ? failure.sentence() : clean(attempt.detail()));
        if (failure != null) {
            json.writeStringField("reason-code", failure.code());
        }
        json.writeStringField("event", attempt != null ? "delivery-attempt" : "policy-fetch");
        json.writeStringField("policy-type", session.policy().policyType());
        if (cached.isPresent()) {
            json.writeStringField("policy-mode", cached.get().policy().mode().text());
            json.writeStringField("policy-id", clean(cached.get().id()));
        }
        if (txtId.isPresent()) {
            json.writeStringField("txt-id", clean(txtId.get()));
        }
        if (attempt != null) {
            writeAttempt(json, attempt);
        }
        if (mailName != null) {
            json.writeStringField("mail", clean(mailName));
        }
        if (reportMail) {
            // RFC 8460 §5: sessions that deliver TLS reports are logged but not counted in the reports.
            json.writeBooleanField("report-mail", true);
        }
        json.writeEndObject();
    }

    private void writeAttempt(JsonGenerator json, AttemptResult attempt) throws IOException {
        json.writeStringField("tls-mode", round.mode().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        json.writeStringField("outcome", attempt.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        if (attempt.serverName().isPresent()) {
            json.writeStringField("helo", clean(attempt.serverName().get()));
        }
        if (attempt.tls().isPresent()) {
            TlsDetails tls = attempt.tls().get();
            json.writeStringField("tls-version", clean(tls.protocol()));
            json.writeStringField("cipher", clean(tls.cipherSuite()));
            json.writeBooleanField("certificate-validated", tls.validated());
        }
        writeAddress(json, "sending-ip", attempt.localAddress());
        if (session.failure().isPresent() && !attempt.detail().equals(session.failure().get().sentence())) {
            json.writeStringField("detail", clean(attempt.detail()));
        }
    }

    /** Remote text (replies, HELO names, ids) cleaned and capped before it is written to the log. */
    private static String clean(String text) {
        return RemoteText.clean(text, FIELD_MAX);
    }

    private static void writeAddress(JsonGenerator json, String field, Optional<InetAddress> address)
            throws IOException {
        if (address.isPresent()) {
            json.writeStringField(field, address.get().getHostAddress());
        }
    }
}
