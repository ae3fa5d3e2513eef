package dev.mtasts.core.delivery;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.URLName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

import com.sun.mail.smtp.SMTPTransport;

import dev.mtasts.core.DomainName;

/**
 * Looks at an MX host's TLS the way a sender under MTA-STS does, without sending mail: connects to a pinned
 * address, EHLO, STARTTLS when offered (SNI = the MX name, TLS 1.2 or higher, RFC 8461 §7.1-7.2), the handshake
 * with a record-only certificate check for the MX name (§4.2), EHLO again, QUIT. Used by the {@code check}
 * command. Never throws for network, TLS or SMTP trouble: everything is in the {@link SmtpProbeResult}.
 * Thread-safe: each probe uses its own session.
 */
public final class SmtpProbe {
    private final SmtpSettings settings;
    private final SessionTrust.Factory trust;

    /**
     * @param trust makes the record-only certificate check (e.g. {@link PkixSessionTrust#factory}); the probe
     *     always asks it for a non-aborting trust, so the session goes on and the problem is recorded
     */
    public SmtpProbe(SmtpSettings settings, SessionTrust.Factory trust) {
        this.settings = Objects.requireNonNull(settings);
        this.trust = Objects.requireNonNull(trust);
    }

    /** The port probed (25 outside tests). */
    public int port() {
        return settings.port();
    }

    /** Probes {@code mx} at {@code address}. */
    public SmtpProbeResult probe(DomainName mx, InetAddress address) {
        SessionTrust sessionTrust = trust.forHost(mx, false);
        StartTlsSocketFactory tlsFactory;
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {sessionTrust.trustManager()}, null);
            tlsFactory = new StartTlsSocketFactory(context, mx.asciiName());
        } catch (GeneralSecurityException e) {
            return SmtpProbeResult.connectFailed("TLS could not be set up: " + e.getMessage());
        }
        Session session = Session.getInstance(settings.sessionProperties(tlsFactory, false));
        SMTPTransport transport = new SMTPTransport(session,
                new URLName("smtp", mx.asciiName(), settings.port(), null, null, null));
        try {
            Socket socket;
            try {
                socket = settings.connectPinned(mx.asciiName(), address);
            } catch (IOException e) {
                return SmtpProbeResult.connectFailed(SmtpAttempt.rootMessage(e));
            }
            try {
                transport.connect(socket);
            } catch (MessagingException e) {
                if (tlsFactory.socket() != null) {
                    // STARTTLS was offered and started, the handshake failed (no common version or cipher)
                    return SmtpProbeResult.handshakeFailed(SmtpAttempt.rootMessage(e), sessionTrust.failure());
                }
                return SmtpProbeResult.connectFailed(SmtpAttempt.rootMessage(e));
            }
            String ehloName = SmtpAttempt.ehloName(transport.getLastServerResponse());
            SSLSocket tls = tlsFactory.socket();
            SSLSession tlsSession = tls == null ? null : tls.getSession();
            if (tlsSession == null || "NONE".equals(tlsSession.getProtocol())) {
                return SmtpProbeResult.noStartTls(ehloName);
            }
            return SmtpProbeResult.tls(ehloName, tlsSession.getProtocol(), tlsSession.getCipherSuite(),
                    peerChain(tlsSession), sessionTrust.failure());
        } finally {
            close(transport);
        }
    }

    private static List<X509Certificate> peerChain(SSLSession session) {
        List<X509Certificate> chain = new ArrayList<>();
        try {
            for (Certificate certificate : session.getPeerCertificates()) {
                if (certificate instanceof X509Certificate) {
                    chain.add((X509Certificate) certificate);
                }
            }
        } catch (SSLPeerUnverifiedException e) {
            // no certificate: the record-only trust has already said so
        }
        return chain;
    }

    private static void close(SMTPTransport transport) {
        try {
            transport.close(); // QUIT
        } catch (MessagingException e) {
            // the probe's findings are complete; a failing QUIT changes nothing
        }
    }
}
