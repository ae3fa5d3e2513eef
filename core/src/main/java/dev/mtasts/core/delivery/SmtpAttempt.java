package dev.mtasts.core.delivery;

import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import javax.mail.internet.MimeMessage;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;

import dev.mtasts.core.smtp.Deadline;
import dev.mtasts.core.smtp.SmtpClient;
import dev.mtasts.core.smtp.SmtpException;
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
 *
 * <p>With {@link SessionReuse} on, a session that finished a transaction is kept idle ({@link SessionPool}) for
 * the next mail to the same MX address under the same policy; {@link #close()} ends the idle sessions.
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
        return run(new Target(mx, address, mode, ""), envelope, message, null);
    }

    /**
     * Runs the transaction for {@code target}: over an idle session opened under the same policy when there is
     * one (RSET first; a dead one costs a fresh session, not a failure), else over a new session whose set-up
     * ends no later than {@code round} (the delivery round's deadline; null for none). Never throws for network,
     * TLS or SMTP trouble.
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
        AttemptConversation conversation = new AttemptConversation(result, mxName, settings.heloName(), mode,
                sessionTrust, envelope);
        try {
            session = client.connect(mxName, target.address, settings.port(), round);
            long opened = System.nanoTime();
            result.localAddress(session.localAddress());
            AttemptResult done = conversation.run(session, layer, message);
            if (conversation.reusable()) {
                if (keep(key, session, sessionTrust, done, opened)) {
                    session = null;
                } else {
                    session.quit();
                }
            }
            return done;
        } catch (SmtpException e) {
            return conversation.failed(session, layer.socket() != null, e);
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
                    .noStartTls(first.noStartTls().orElse(null))
                    .tls(first.tls().orElse(null));
            AttemptConversation conversation = new AttemptConversation(result, target.mx.host().asciiName(),
                    settings.heloName(), target.mode, idle.trust, envelope);
            AttemptResult done;
            try {
                done = conversation.send(session, message);
            } catch (SmtpException e) {
                done = conversation.failed(session, false, e);
            }
            if (conversation.reusable()) {
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

}
