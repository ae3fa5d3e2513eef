package dev.mtasts.core.delivery;

import java.io.IOException;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

import dev.mtasts.core.Failure;
import dev.mtasts.core.ResultType;
import dev.mtasts.core.delivery.AttemptResult.Outcome;
import dev.mtasts.core.delivery.RecipientOutcome.Status;
import dev.mtasts.core.smtp.Deadline;
import dev.mtasts.core.smtp.EhloCapabilities;
import dev.mtasts.core.smtp.SmtpClient;
import dev.mtasts.core.smtp.SmtpException;
import dev.mtasts.core.smtp.SmtpMessage;
import dev.mtasts.core.smtp.SmtpReply;
import dev.mtasts.core.smtp.SmtpSession;

/**
 * One SMTP session to one MX address: connects to the resolved (pinned) address while checking the
 * certificate against the MX name, applies the {@link TlsMode}, and sends the message, all within the limits
 * and deadlines of {@link SmtpSettings#limits()} ({@link SmtpClient}). Thread-safe. {@link #close()} stops the
 * deadline watchdog.
 *
 * <p>All attempts of one instance share one TLS context per {@link TlsMode} ({@link SharedTlsContexts}), so
 * TLS sessions with an MX are resumed. Because a resumed session never reaches the trust manager, the
 * certificate of EVERY session is checked again after the handshake and before MAIL FROM: under enforce a
 * failure ends the session there (RFC 8461 §5), otherwise it is recorded. Under enforce the SMTP session
 * itself also refuses to send MAIL FROM, RCPT TO, DATA or the message unless it runs over validated TLS.
 */
public final class SmtpAttempt implements AutoCloseable {
    private final SmtpSettings settings;
    private final SessionTrust.Factory trust;
    private final Clock clock;
    private final SharedTlsContexts tlsContexts;
    private final SmtpClient client;
    private final SessionPool pool;

    /** Attempts without session reuse: each opens its own session and ends it with QUIT. */
    public SmtpAttempt(SmtpSettings settings, SessionTrust.Factory trust, Clock clock) {
        this(settings, trust, clock, SessionReuse.off());
    }

    /** Attempts that keep a session open after a transaction for the next mail to the same destination. */
    public SmtpAttempt(SmtpSettings settings, SessionTrust.Factory trust, Clock clock, SessionReuse reuse) {
        this.pool = new SessionPool(reuse);
        this.settings = settings;
        this.trust = trust;
        this.clock = clock;
        try {
            this.tlsContexts = new SharedTlsContexts();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot make a TLS context", e);
        }
        this.client = new SmtpClient(settings.limits(), settings.connectTimeout(), settings.readTimeout());
    }

    /** Runs the session; never throws for network, TLS or SMTP trouble (they are outcomes). */
    public AttemptResult run(MxCandidate mx, InetAddress address, TlsMode mode, Envelope envelope,
            MimeMessage message) {
        return run(mx, address, mode, envelope, message, null);
    }

    /**
     * As {@link #run(MxCandidate, InetAddress, TlsMode, Envelope, MimeMessage)}, with the session's set-up ending
     * no later than {@code round} (the delivery round's deadline; null for none).
     */
    public AttemptResult run(MxCandidate mx, InetAddress address, TlsMode mode, Envelope envelope,
            MimeMessage message, Deadline round) {
        return run(new Target(mx, address, mode, ""), envelope, message, round);
    }

    /**
     * Runs the transaction for {@code target}: over an idle session opened under the same policy when there is
     * one (RSET first; a dead one costs a fresh session, not a failure), else over a new session. Never throws
     * for network, TLS or SMTP trouble.
     */
    public AttemptResult run(Target target, Envelope envelope, MimeMessage message, Deadline round) {
        String mxName = target.mx.host().asciiName();
        SessionPool.Key key = new SessionPool.Key(target.mode, target.policyId, mxName, target.address);
        SessionPool.Idle idle = pool.take(key, clock.instant());
        if (idle != null) {
            Optional<AttemptResult> reused = reuse(idle, target, envelope, message);
            if (reused.isPresent()) {
                return reused.get();
            }
        }
        TlsMode mode = target.mode;
        AttemptResult.Builder result = AttemptResult.builder(target.mx, clock.instant()).address(target.address);
        SessionTrust sessionTrust = trust.forHost(target.mx.host(), mode == TlsMode.REQUIRE_VALIDATED);
        // One context per mode, shared by all attempts: the JDK may resume the TLS session with this MX.
        MxTlsLayer layer = new MxTlsLayer(tlsContexts.forMode(mode), mxName,
                tls -> tlsContexts.bind(tls, sessionTrust));
        SmtpSession session = null;
        Conversation conversation = new Conversation(result, mxName, mode, sessionTrust, envelope);
        try {
            session = client.connect(mxName, target.address, settings.port(), round);
            long opened = System.nanoTime();
            result.localAddress(session.localAddress());
            AttemptResult done = conversation.run(session, layer, message);
            if (conversation.reusable) {
                if (keep(key, session, sessionTrust, done, opened)) {
                    session = null;
                } else {
                    session.quit();
                }
            }
            return done;
        } catch (SmtpException e) {
            return conversation.failed(session, layer, e);
        } finally {
            tlsContexts.unbind(layer.socket());
            if (session != null) {
                session.close();
            }
        }
    }

    /** The next transaction over an idle session; empty when the session turned out unusable (use a new one). */
    private Optional<AttemptResult> reuse(SessionPool.Idle idle, Target target, Envelope envelope,
            MimeMessage message) {
        SmtpSession session = idle.session;
        boolean keepOpen = false;
        try {
            SmtpReply reset = session.rset();
            Optional<SSLSocket> tls = session.tls();
            boolean tlsHolds = tls.isPresent() && !tls.get().isClosed()
                    && SharedTlsContexts.checkAgain(tls.get(), idle.trust).isEmpty();
            if (!reset.isPositive() || (target.mode == TlsMode.REQUIRE_VALIDATED && !tlsHolds)) {
                // RFC 5321 §4.1.1.5: a server that refuses RSET (e.g. 421) is done with this session.
                session.quit();
                return Optional.empty();
            }
            AttemptResult first = idle.first;
            AttemptResult.Builder result = AttemptResult.builder(target.mx, clock.instant()).address(target.address)
                    .reusedSession(true).localAddress(first.localAddress().orElse(null))
                    .serverName(first.serverName().orElse(null)).tlsFailure(first.tlsFailure().orElse(null))
                    .tls(first.tls().orElse(null));
            Conversation conversation = new Conversation(result, target.mx.host().asciiName(), target.mode,
                    idle.trust, envelope);
            AttemptResult done;
            try {
                done = conversation.send(session, message);
            } catch (SmtpException e) {
                done = conversation.failed(session, new MxTlsLayer(null, "", t -> { }), e);
            }
            if (conversation.reusable) {
                keepOpen = pool.offer(new SessionPool.Idle(idle.key, session, idle.trust, first,
                        idle.certificateNotAfter, idle.openedNanos), clock.instant());
                if (!keepOpen) {
                    session.quit();
                }
            }
            return Optional.of(done);
        } catch (SmtpException e) {
            // found dead (closed, timed out) on RSET: a fresh session, not a failure
            return Optional.empty();
        } finally {
            if (!keepOpen) {
                session.close();
            }
        }
    }

    /** Offers a session that finished a transaction to the pool; false when it is not kept. */
    private boolean keep(SessionPool.Key key, SmtpSession session, SessionTrust sessionTrust, AttemptResult done,
            long opened) {
        Optional<SSLSocket> tls = session.tls();
        Instant notAfter = tls.flatMap(SmtpAttempt::leafNotAfter).orElse(null);
        if (tls.isPresent() && notAfter == null) {
            return false;
        }
        return pool.offer(new SessionPool.Idle(key, session, sessionTrust, done, notAfter, opened), clock.instant());
    }

    private static Optional<Instant> leafNotAfter(SSLSocket tls) {
        try {
            Certificate[] chain = tls.getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate
                    ? Optional.of(((X509Certificate) chain[0]).getNotAfter().toInstant()) : Optional.empty();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }

    /** Where one attempt goes and the policy it is made under (mode and policy id decide session reuse). */
    public static final class Target {
        private final MxCandidate mx;
        private final InetAddress address;
        private final TlsMode mode;
        private final String policyId;

        /** @param policyId identifies the policy in force ({@code ""} for none); sessions are reused only within one */
        public Target(MxCandidate mx, InetAddress address, TlsMode mode, String policyId) {
            this.mx = Objects.requireNonNull(mx);
            this.address = Objects.requireNonNull(address);
            this.mode = Objects.requireNonNull(mode);
            this.policyId = Objects.requireNonNull(policyId);
        }
    }

    /**
     * Ends the idle sessions (QUIT) and stops the deadline watchdog (when delivery stops); attempts still running
     * keep their socket timeouts.
     */
    @Override
    public void close() {
        pool.close();
        client.close();
    }

    /** Idle sessions kept for reuse right now. */
    int idleSessions() {
        return pool.size();
    }

    private static Failure noStartTls(String mxName, String why) {
        return Failure.of(ResultType.STARTTLS_NOT_SUPPORTED, "starttls-not-supported",
                mxName + " " + why + "; the MTA-STS policy requires TLS");
    }

    /** The state of one attempt's session. */
    private final class Conversation {
        private final AttemptResult.Builder result;
        private final String mxName;
        private final TlsMode mode;
        private final SessionTrust sessionTrust;
        private final Envelope envelope;
        private boolean inTransaction;
        private boolean reusable;

        Conversation(AttemptResult.Builder result, String mxName, TlsMode mode, SessionTrust sessionTrust,
                Envelope envelope) {
            this.result = result;
            this.mxName = mxName;
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
            String helo = settings.heloName();
            SmtpReply ehlo = session.ehlo(helo);
            String noTls = null;
            if (!ehlo.isPositive()) {
                noTls = "refused EHLO (" + ehlo + "), so STARTTLS is impossible";
                if (mode == TlsMode.REQUIRE_VALIDATED) {
                    // RFC 8461 §5 enforce: STARTTLS needs EHLO; no HELO fallback.
                    return policyStop(session, noStartTls(mxName, noTls));
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
                Failure failure = noStartTls(mxName, noTls);
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
            SmtpReply again = session.ehlo(settings.heloName());
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

        private AttemptResult send(SmtpSession session, MimeMessage message) throws SmtpException {
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

        AttemptResult failed(SmtpSession session, MxTlsLayer layer, SmtpException e) {
            result.greeted(session != null && session.greeted());
            boolean inHandshake = session != null && session.tlsAttempted() && session.tls().isEmpty();
            if (sessionTrust.failure().isPresent() && layer.socket() != null) {
                Failure failure = sessionTrust.failure().get();
                return result.tlsFailure(failure).outcome(Outcome.TLS_FAILED, failure.sentence()).build();
            }
            if (e.kind() == SmtpException.Kind.NOT_SECURE) {
                Failure failure = Failure.of(ResultType.VALIDATION_FAILURE, "tls-not-validated", e.getMessage());
                return result.tlsFailure(failure).outcome(Outcome.TLS_FAILED, failure.sentence()).build();
            }
            if (inHandshake && e.kind() == SmtpException.Kind.PROTOCOL && mode.validates()) {
                // 220 to STARTTLS, then plaintext: TLS is not really supported (and may be an injection).
                Failure failure = noStartTls(mxName, "answered STARTTLS with 220 but went on in plaintext");
                Outcome outcome = mode == TlsMode.REQUIRE_VALIDATED ? Outcome.TLS_FAILED : Outcome.CONNECTION_FAILED;
                return result.tlsFailure(failure).outcome(outcome, e.getMessage()).build();
            }
            if (inHandshake && mode.validates()) {
                // The handshake itself failed (no common protocol version or cipher): RFC 8461 §7.2 wants TLS 1.2+.
                Failure failure = Failure.of(ResultType.VALIDATION_FAILURE, "tls-handshake-failed", e.getMessage());
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
    }

    private static boolean ascii(Envelope envelope) {
        List<String> all = new ArrayList<>(envelope.recipients());
        all.add(envelope.sender());
        return all.stream().allMatch(text -> text.chars().allMatch(c -> c < 0x80));
    }
}
