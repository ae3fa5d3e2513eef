package dev.mtasts.core.delivery;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import javax.mail.Address;
import javax.mail.MessagingException;
import javax.mail.SendFailedException;
import javax.mail.Session;
import javax.mail.URLName;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

import com.sun.mail.smtp.SMTPAddressFailedException;
import com.sun.mail.smtp.SMTPSendFailedException;
import com.sun.mail.smtp.SMTPTransport;

import dev.mtasts.core.Failure;
import dev.mtasts.core.ResultType;
import dev.mtasts.core.delivery.AttemptResult.Outcome;
import dev.mtasts.core.delivery.RecipientOutcome.Status;

/**
 * One SMTP session to one MX address with JavaMail: connects to the resolved (pinned) address while
 * checking the certificate against the MX name, applies the {@link TlsMode}, and sends the message.
 * Thread-safe: each call borrows a JavaMail session no other call uses (sessions are pooled: creating one
 * scans the class path, milliseconds with James's jars).
 *
 * <p>All attempts of one instance share one TLS context per {@link TlsMode} ({@link SharedTlsContexts}), so
 * TLS sessions with an MX are resumed (no certificate exchange, no signature). Because a resumed session
 * never reaches the trust manager, the certificate of EVERY session is checked again after the handshake
 * and before MAIL FROM: under enforce a failure ends the session there (RFC 8461 §5), otherwise it is
 * recorded. The verifier remembers valid chains, so the second check of a fresh session costs a hash.
 */
public final class SmtpAttempt {
    private final SmtpSettings settings;
    private final SessionTrust.Factory trust;
    private final Clock clock;

    private final SharedTlsContexts tlsContexts;

    /** Idle sessions: Session.getInstance scans the class path for javamail.*.map files (ms with James's jars). */
    private final Queue<Session> idleSessions = new ConcurrentLinkedQueue<>();

    public SmtpAttempt(SmtpSettings settings, SessionTrust.Factory trust, Clock clock) {
        this.settings = settings;
        this.trust = trust;
        this.clock = clock;
        try {
            this.tlsContexts = new SharedTlsContexts();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot make a TLS context", e);
        }
    }

    /** Runs the session; never throws for network, TLS or SMTP trouble (they are outcomes). */
    public AttemptResult run(MxCandidate mx, InetAddress address, TlsMode mode, Envelope envelope,
            MimeMessage message) {
        AttemptResult.Builder result = AttemptResult.builder(mx, clock.instant()).address(address);
        String mxName = mx.host().asciiName();
        SessionTrust sessionTrust = trust.forHost(mx.host(), mode == TlsMode.REQUIRE_VALIDATED);
        // One context per mode, shared by all attempts: the JDK may resume the TLS session with this MX.
        StartTlsSocketFactory tlsFactory = new StartTlsSocketFactory(tlsContexts.forMode(mode), mxName,
                tls -> tlsContexts.bind(tls, sessionTrust));
        Session session = borrowSession(properties(mode, envelope, tlsFactory));
        SMTPTransport transport = new SMTPTransport(session, new URLName("smtp", mxName, settings.port(), null, null, null));
        try {
            try {
                Socket socket = settings.connectPinned(mxName, address);
                result.localAddress(socket.getLocalAddress());
                transport.connect(socket);
            } catch (MessagingException | IOException e) {
                return connectFailure(result, mxName, mode, tlsFactory, sessionTrust, e);
            }
            result.serverName(ehloName(transport.getLastServerResponse()));
            Optional<Failure> refused = SharedTlsContexts.checkAgain(tlsFactory.socket(), sessionTrust);
            if (refused.isPresent()) {
                // RFC 8461 §5 enforce: the certificate does not validate; end the session before MAIL FROM.
                return result.tlsFailure(refused.get()).outcome(Outcome.TLS_FAILED, refused.get().sentence()).build();
            }
            boolean tlsUp = recordTls(result, mode, tlsFactory, sessionTrust);
            if (!tlsUp && mode.validates()) {
                // RFC 8461 §5 testing: the MX offered no STARTTLS; report it and deliver anyway.
                result.tlsFailure(noStartTls(mxName));
            }
            return send(result, transport, envelope, message);
        } finally {
            close(transport);
            tlsContexts.unbind(tlsFactory.socket());
            session.getProperties().clear();
            idleSessions.offer(session);
        }
    }

    private Session borrowSession(Properties properties) {
        Session session = idleSessions.poll();
        if (session == null) {
            return Session.getInstance(properties);
        }
        session.getProperties().putAll(properties);
        return session;
    }

    private Properties properties(TlsMode mode, Envelope envelope, StartTlsSocketFactory tlsFactory) {
        // RFC 8461 §5 enforce: without STARTTLS the session ends before MAIL FROM.
        Properties p = settings.sessionProperties(tlsFactory, mode == TlsMode.REQUIRE_VALIDATED);
        p.put("mail.smtp.sendpartial", "true");
        p.put("mail.smtp.from", envelope.sender().isEmpty() ? "<>" : envelope.sender());
        return p;
    }

    private static AttemptResult connectFailure(AttemptResult.Builder result, String mxName, TlsMode mode,
            StartTlsSocketFactory tlsFactory, SessionTrust sessionTrust, Exception e) {
        String cause = rootMessage(e);
        if (sessionTrust.failure().isPresent()) {
            Failure failure = sessionTrust.failure().get();
            return result.tlsFailure(failure).outcome(Outcome.TLS_FAILED, failure.sentence()).build();
        }
        if (mode == TlsMode.REQUIRE_VALIDATED && cause.contains("STARTTLS is required")) {
            Failure failure = noStartTls(mxName);
            return result.tlsFailure(failure).outcome(Outcome.TLS_FAILED, failure.sentence()).build();
        }
        if (tlsFactory.socket() != null && mode.validates()) {
            // The handshake itself failed (no common protocol version or cipher): RFC 8461 §7.2 wants TLS 1.2+.
            Failure failure = Failure.of(ResultType.VALIDATION_FAILURE, "tls-handshake-failed",
                    "the TLS handshake with " + mxName + " failed: " + cause);
            Outcome outcome = mode == TlsMode.REQUIRE_VALIDATED ? Outcome.TLS_FAILED : Outcome.CONNECTION_FAILED;
            return result.tlsFailure(failure).outcome(outcome, failure.sentence()).build();
        }
        return result.outcome(Outcome.CONNECTION_FAILED, "could not open an SMTP session with " + mxName + ": " + cause)
                .build();
    }

    private static Failure noStartTls(String mxName) {
        return Failure.of(ResultType.STARTTLS_NOT_SUPPORTED, "starttls-not-supported",
                mxName + " does not offer STARTTLS; the MTA-STS policy requires TLS");
    }

    private static boolean recordTls(AttemptResult.Builder result, TlsMode mode, StartTlsSocketFactory tlsFactory,
            SessionTrust sessionTrust) {
        SSLSocket socket = tlsFactory.socket();
        if (socket == null) {
            return false;
        }
        SSLSession tls = socket.getSession();
        if (tls == null || "NONE".equals(tls.getProtocol())) {
            return false;
        }
        boolean validated = sessionTrust.failure().isEmpty();
        result.tls(new TlsDetails(tls.getProtocol(), tls.getCipherSuite(), validated));
        if (mode.validates()) {
            // Without a policy nothing requires a valid certificate: nothing to report (RFC 8460 §4.3.1).
            sessionTrust.failure().ifPresent(result::tlsFailure);
        }
        return true;
    }

    private AttemptResult send(AttemptResult.Builder result, SMTPTransport transport, Envelope envelope,
            MimeMessage message) {
        Address[] recipients = new Address[envelope.recipients().size()];
        Map<String, RecipientOutcome> outcomes = new LinkedHashMap<>();
        try {
            for (int i = 0; i < recipients.length; i++) {
                recipients[i] = new InternetAddress(envelope.recipients().get(i), false);
            }
            transport.sendMessage(message, recipients);
            String reply = transport.getLastServerResponse();
            for (String recipient : envelope.recipients()) {
                outcomes.put(recipient, RecipientOutcome.fromReply(recipient, Status.DELIVERED, reply));
            }
        } catch (SendFailedException e) {
            recordPartial(e, envelope, outcomes);
        } catch (MessagingException e) {
            int code = e instanceof SMTPSendFailedException ? ((SMTPSendFailedException) e).getReturnCode() : -1;
            Status status = code >= 500 && code < 600 ? Status.PERMANENT_FAILURE : Status.TEMPORARY_FAILURE;
            for (String recipient : envelope.recipients()) {
                outcomes.put(recipient, RecipientOutcome.fromReply(recipient, status, rootMessage(e)));
            }
            if (code < 0) {
                return result.outcome(Outcome.CONNECTION_FAILED, "the SMTP session broke off: " + rootMessage(e))
                        .recipients(new ArrayList<>(outcomes.values())).build();
            }
        }
        boolean anyDelivered = outcomes.values().stream().anyMatch(o -> o.status() == Status.DELIVERED);
        return result.outcome(anyDelivered ? Outcome.DELIVERED : Outcome.REJECTED, summary(outcomes))
                .recipients(new ArrayList<>(outcomes.values())).build();
    }

    private static void recordPartial(SendFailedException e, Envelope envelope, Map<String, RecipientOutcome> outcomes) {
        Map<String, String> replies = new LinkedHashMap<>();
        Map<String, Integer> codes = new LinkedHashMap<>();
        for (Exception next = e; next != null; next = next instanceof MessagingException
                ? ((MessagingException) next).getNextException() : null) {
            if (next instanceof SMTPAddressFailedException) {
                SMTPAddressFailedException failed = (SMTPAddressFailedException) next;
                String key = failed.getAddress().getAddress().toLowerCase(Locale.ROOT);
                replies.put(key, failed.getMessage().trim());
                codes.put(key, failed.getReturnCode());
            }
        }
        int sessionCode = e instanceof SMTPSendFailedException ? ((SMTPSendFailedException) e).getReturnCode() : -1;
        for (String recipient : envelope.recipients()) {
            String key = recipient.toLowerCase(Locale.ROOT);
            if (contains(e.getValidSentAddresses(), key)) {
                outcomes.put(recipient, RecipientOutcome.fromReply(recipient, Status.DELIVERED, "accepted"));
            } else if (codes.containsKey(key)) {
                int code = codes.get(key);
                outcomes.put(recipient, RecipientOutcome.fromReply(recipient,
                        code >= 500 ? Status.PERMANENT_FAILURE : Status.TEMPORARY_FAILURE, replies.get(key)));
            } else {
                Status status = sessionCode >= 500 ? Status.PERMANENT_FAILURE : Status.TEMPORARY_FAILURE;
                outcomes.put(recipient, RecipientOutcome.fromReply(recipient, status, rootMessage(e)));
            }
        }
    }

    private static boolean contains(Address[] addresses, String key) {
        if (addresses == null) {
            return false;
        }
        for (Address address : addresses) {
            if (address instanceof InternetAddress
                    && ((InternetAddress) address).getAddress().toLowerCase(Locale.ROOT).equals(key)) {
                return true;
            }
        }
        return false;
    }

    private static String summary(Map<String, RecipientOutcome> outcomes) {
        List<String> parts = new ArrayList<>();
        for (RecipientOutcome outcome : outcomes.values()) {
            parts.add(outcome.recipient() + ": " + outcome.status().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                    + (outcome.reason().isEmpty() ? "" : " (" + outcome.reason().trim() + ")"));
        }
        return String.join("; ", parts);
    }

    /** The host name in an EHLO reply's first line ({@code 250-mx.example.com Hello ...}). */
    static String ehloName(String reply) {
        if (reply == null || reply.length() < 5) {
            return null;
        }
        String firstLine = reply.split("\r?\n", 2)[0];
        String rest = firstLine.substring(4).trim();
        int space = rest.indexOf(' ');
        String name = space < 0 ? rest : rest.substring(0, space);
        return name.isEmpty() ? null : name;
    }

    static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (true) {
            Throwable next = cause instanceof MessagingException && ((MessagingException) cause).getNextException() != null
                    ? ((MessagingException) cause).getNextException() : cause.getCause();
            if (next == null || next == cause) {
                break;
            }
            cause = next;
        }
        String message = cause.getMessage() != null ? cause.getMessage().trim() : cause.getClass().getSimpleName();
        return message.isEmpty() ? cause.getClass().getSimpleName() : message;
    }

    private static void close(SMTPTransport transport) {
        try {
            transport.close();
        } catch (MessagingException e) {
            // The message is already delivered or the attempt already failed; a failing QUIT changes nothing.
        }
    }
}
