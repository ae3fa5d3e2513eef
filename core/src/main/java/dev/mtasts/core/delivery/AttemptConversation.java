package dev.mtasts.core.delivery;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

import dev.mtasts.core.Failure;
import dev.mtasts.core.FailureCode;
import dev.mtasts.core.delivery.AttemptResult.Outcome;
import dev.mtasts.core.delivery.RecipientOutcome.Status;
import dev.mtasts.core.smtp.EhloCapabilities;
import dev.mtasts.core.smtp.SmtpException;
import dev.mtasts.core.smtp.SmtpMessage;
import dev.mtasts.core.smtp.SmtpReply;
import dev.mtasts.core.smtp.SmtpSession;

/**
 * One attempt's dialogue over an {@link SmtpSession}, as the {@link TlsMode} requires: greeting, EHLO (HELO only
 * where STARTTLS is not required), STARTTLS decided from the EHLO capabilities, the certificate checked again after
 * the handshake, the transaction, and the mapping of every way it can end to an {@link AttemptResult}. Used by
 * {@link SmtpAttempt}; one instance per attempt, not thread-safe.
 */
final class AttemptConversation {

    private final AttemptResult.Builder result;
    private final String mxName;
    private final String heloName;
    private final TlsMode mode;
    private final SessionTrust sessionTrust;
    private final Envelope envelope;
    private boolean inTransaction;
    private boolean reusable;

    /** True when the transaction ran to its end and the session may carry another. */
    boolean reusable() {
        return reusable;
    }

    AttemptConversation(AttemptResult.Builder result, String mxName, String heloName, TlsMode mode,
            SessionTrust sessionTrust, Envelope envelope) {
        this.result = result;
        this.mxName = mxName;
        this.heloName = heloName;
        this.mode = mode;
        this.sessionTrust = sessionTrust;
        this.envelope = envelope;
    }

    AttemptResult run(SmtpSession session, MxTlsLayer layer, MimeMessage message) throws SmtpException {
        SmtpReply greeting = session.greeting();
        result.greeted(true);
        if (greeting.code() != 220) {
            session.quit();
            return result.outcome(Outcome.CONNECTION_FAILED, session.peer() + " refused the session: " + greeting)
                    .build();
        }
        String helo = heloName;
        SmtpReply ehlo = session.ehlo(helo);
        String noTls = null;
        if (!ehlo.isPositive()) {
            noTls = "refused EHLO (" + ehlo + "), so STARTTLS is impossible";
            if (mode == TlsMode.REQUIRE_VALIDATED) {
                // RFC 8461 §5 enforce: STARTTLS needs EHLO; no HELO fallback.
                Failure failure = noStartTls(noTls);
                result.noStartTls(failure);
                return policyStop(session, failure);
            }
            SmtpReply heloReply = session.helo(helo);
            if (!heloReply.isPositive()) {
                session.quit();
                return result.outcome(Outcome.CONNECTION_FAILED, session.peer() + " refused EHLO (" + ehlo
                        + ") and HELO (" + heloReply + ")").build();
            }
        }
        EhloCapabilities capabilities = session.capabilities().orElseThrow();
        result.serverName(capabilities.serverName().orElse(null));
        if (noTls == null && capabilities.startTls()) {
            SmtpReply reply = session.startTls(layer);
            if (reply.code() == 220) {
                Optional<AttemptResult> stopped = afterHandshake(session, layer.socket());
                if (stopped.isPresent()) {
                    return stopped.get();
                }
            } else {
                noTls = "refused STARTTLS (" + reply + ")";
            }
        } else if (noTls == null) {
            noTls = "does not offer STARTTLS";
        }
        if (noTls != null) {
            // RFC 8460 §4.3.1 starttls-not-supported, decided here from the EHLO answer in every mode.
            Failure failure = noStartTls(noTls);
            result.noStartTls(failure);
            if (mode == TlsMode.REQUIRE_VALIDATED) {
                return policyStop(session, failure);
            }
            if (mode.validates()) {
                // RFC 8461 §5 testing: report it and deliver anyway.
                result.tlsFailure(failure);
            }
        }
        if (mode == TlsMode.REQUIRE_VALIDATED) {
            session.requireValidatedTls(tls -> sessionTrust.failure().isEmpty());
        }
        return send(session, message);
    }

    /** Re-checks the certificate (resumed sessions), records TLS, sends EHLO again; a result ends the attempt. */
    private Optional<AttemptResult> afterHandshake(SmtpSession session, SSLSocket tls) throws SmtpException {
        Optional<Failure> refused = SharedTlsContexts.checkAgain(tls, sessionTrust);
        if (refused.isPresent()) {
            // RFC 8461 §5 enforce: the certificate does not validate; end the session before MAIL FROM.
            session.quit();
            return Optional.of(result.tlsFailure(refused.get()).outcome(Outcome.TLS_FAILED,
                    refused.get().sentence()).build());
        }
        SSLSession established = tls.getSession();
        result.tls(new TlsDetails(established.getProtocol(), established.getCipherSuite(),
                sessionTrust.failure().isEmpty()));
        if (mode.validates()) {
            // Without a policy nothing requires a valid certificate: nothing to report (RFC 8460 §4.3.1).
            sessionTrust.failure().ifPresent(result::tlsFailure);
        }
        SmtpReply again = session.ehlo(heloName);
        if (!again.isPositive()) {
            session.quit();
            return Optional.of(result.outcome(Outcome.CONNECTION_FAILED, session.peer()
                    + " refused EHLO after STARTTLS: " + again).build());
        }
        session.capabilities().flatMap(EhloCapabilities::serverName).ifPresent(result::serverName);
        return Optional.empty();
    }

    private AttemptResult policyStop(SmtpSession session, Failure failure) {
        session.quit();
        return result.tlsFailure(failure).outcome(Outcome.TLS_FAILED, failure.sentence()).build();
    }

    AttemptResult send(SmtpSession session, MimeMessage message) throws SmtpException {
        SmtpMessage data = out -> {
            try {
                message.writeTo(out);
            } catch (MessagingException e) {
                throw new IOException("the message cannot be written: " + e.getMessage(), e);
            }
        };
        long octets;
        try {
            octets = SmtpSession.measure(data);
        } catch (IOException | RuntimeException e) {
            session.quit();
            return allRecipients(Outcome.CONNECTION_FAILED, Status.TEMPORARY_FAILURE, "4.3.0",
                    "the message could not be read: " + e.getMessage());
        }
        EhloCapabilities capabilities = session.capabilities().orElseThrow();
        if (capabilities.sizeLimit().isPresent() && octets > capabilities.sizeLimit().getAsLong()) {
            // RFC 1870 §6: do not send a message larger than the server announced it accepts.
            session.quit();
            return allRecipients(Outcome.REJECTED, Status.PERMANENT_FAILURE, "5.3.4", session.peer()
                    + " accepts messages of at most " + capabilities.sizeLimit().getAsLong()
                    + " octets (SIZE, RFC 1870); this one has " + octets);
        }
        if (!capabilities.smtpUtf8() && !ascii(envelope)) {
            // RFC 6531 §3.2: addresses in UTF-8 need the SMTPUTF8 extension.
            session.quit();
            return allRecipients(Outcome.REJECTED, Status.PERMANENT_FAILURE, "5.6.7", session.peer()
                    + " does not offer SMTPUTF8 (RFC 6531), needed for the non-ASCII addresses of this mail");
        }
        inTransaction = true;
        List<RecipientOutcome> outcomes = TransactionVerdict.of(envelope,
                session.transaction(envelope.sender(), envelope.recipients(), data, octets));
        inTransaction = false;
        reusable = true;
        boolean anyDelivered = outcomes.stream().anyMatch(o -> o.status() == Status.DELIVERED);
        return result.outcome(anyDelivered ? Outcome.DELIVERED : Outcome.REJECTED,
                TransactionVerdict.summary(outcomes)).recipients(outcomes).build();
    }

    private AttemptResult allRecipients(Outcome outcome, Status status, String enhanced, String reason) {
        List<RecipientOutcome> outcomes = new ArrayList<>();
        for (String recipient : envelope.recipients()) {
            outcomes.add(new RecipientOutcome(recipient, status, reason, enhanced));
        }
        return result.outcome(outcome, reason).recipients(outcomes).build();
    }

    /** @param tlsLayered true when this attempt layered TLS over its connection (STARTTLS was accepted) */
    AttemptResult failed(SmtpSession session, boolean tlsLayered, SmtpException e) {
        result.greeted(session != null && session.greeted());
        boolean inHandshake = session != null && session.tlsAttempted() && session.tls().isEmpty();
        if (sessionTrust.failure().isPresent() && tlsLayered) {
            Failure failure = sessionTrust.failure().get();
            return result.tlsFailure(failure).outcome(Outcome.TLS_FAILED, failure.sentence()).build();
        }
        if (e.kind() == SmtpException.Kind.NOT_SECURE) {
            Failure failure = Failure.of(FailureCode.TLS_NOT_VALIDATED, e.getMessage());
            return result.tlsFailure(failure).outcome(Outcome.TLS_FAILED, failure.sentence()).build();
        }
        if (inHandshake && e.kind() == SmtpException.Kind.PROTOCOL && mode.validates()) {
            // 220 to STARTTLS, then plaintext: TLS is not really supported (and may be an injection).
            Failure failure = noStartTls("answered STARTTLS with 220 but went on in plaintext");
            Outcome outcome = mode == TlsMode.REQUIRE_VALIDATED ? Outcome.TLS_FAILED : Outcome.CONNECTION_FAILED;
            return result.tlsFailure(failure).noStartTls(failure).outcome(outcome, e.getMessage()).build();
        }
        if (inHandshake && mode.validates()) {
            // The handshake itself failed (no common protocol version or cipher): RFC 8461 §7.2 wants TLS 1.2+.
            Failure failure = Failure.of(FailureCode.TLS_HANDSHAKE_FAILED, e.getMessage());
            Outcome outcome = mode == TlsMode.REQUIRE_VALIDATED ? Outcome.TLS_FAILED : Outcome.CONNECTION_FAILED;
            return result.tlsFailure(failure).outcome(outcome, failure.sentence()).build();
        }
        if (inTransaction) {
            List<RecipientOutcome> outcomes = new ArrayList<>();
            for (String recipient : envelope.recipients()) {
                outcomes.add(new RecipientOutcome(recipient, Status.TEMPORARY_FAILURE, e.getMessage(),
                        EnhancedStatus.NO_ANSWER));
            }
            return result.outcome(Outcome.CONNECTION_FAILED, "the SMTP session broke off: " + e.getMessage())
                    .recipients(outcomes).build();
        }
        return result.outcome(Outcome.CONNECTION_FAILED, e.getMessage()).build();
    }

    private Failure noStartTls(String why) {
        return Failure.of(FailureCode.STARTTLS_NOT_SUPPORTED, mxName + " " + why
                + (mode.validates() ? "; the MTA-STS policy requires TLS" : ""));
    }

    private static boolean ascii(Envelope envelope) {
        List<String> all = new ArrayList<>(envelope.recipients());
        all.add(envelope.sender());
        return all.stream().allMatch(text -> text.chars().allMatch(c -> c < 0x80));
    }
}
