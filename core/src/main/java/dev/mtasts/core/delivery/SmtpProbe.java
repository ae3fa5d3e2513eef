package dev.mtasts.core.delivery;

import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.smtp.EhloCapabilities;
import dev.mtasts.core.smtp.SmtpClient;
import dev.mtasts.core.smtp.SmtpException;
import dev.mtasts.core.smtp.SmtpReply;
import dev.mtasts.core.smtp.SmtpSession;

/**
 * Looks at an MX host's TLS the way a sender under MTA-STS does, without sending mail: connects to a pinned
 * address, EHLO, STARTTLS when offered (SNI = the MX name, TLS 1.2 or higher, RFC 8461 §7.1-7.2), the handshake
 * with a record-only certificate check for the MX name (§4.2), EHLO again, QUIT, all within the limits and
 * deadlines of the settings. Used by the {@code check} command. Never throws for network, TLS or SMTP trouble:
 * everything is in the {@link SmtpProbeResult}. Thread-safe: each probe uses its own session.
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
        MxTlsLayer layer;
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {sessionTrust.trustManager()}, null);
            layer = new MxTlsLayer(context, mx.asciiName(), tls -> { });
        } catch (GeneralSecurityException e) {
            return SmtpProbeResult.connectFailed("TLS could not be set up: " + e.getMessage());
        }
        try (SmtpClient client = new SmtpClient(settings.limits(), settings.connectTimeout(), settings.readTimeout());
                SmtpSession session = client.connect(mx.asciiName(), address, settings.port(), null)) {
            return converse(session, layer, sessionTrust);
        } catch (SmtpException e) {
            if (layer.socket() != null) {
                // STARTTLS was offered and started, the handshake failed (no common version or cipher)
                return SmtpProbeResult.handshakeFailed(e.getMessage(), sessionTrust.failure());
            }
            return SmtpProbeResult.connectFailed(e.getMessage());
        }
    }

    private SmtpProbeResult converse(SmtpSession session, MxTlsLayer layer, SessionTrust sessionTrust)
            throws SmtpException {
        SmtpReply greeting = session.greeting();
        if (greeting.code() != 220) {
            session.quit();
            return SmtpProbeResult.connectFailed(session.peer() + " refused the session: " + greeting);
        }
        SmtpReply ehlo = session.ehlo(settings.heloName());
        if (!ehlo.isPositive()) {
            session.quit();
            return SmtpProbeResult.connectFailed(session.peer() + " refused EHLO: " + ehlo);
        }
        String ehloName = session.capabilities().flatMap(EhloCapabilities::serverName).orElse(null);
        if (!session.capabilities().orElseThrow().startTls()) {
            session.quit();
            return SmtpProbeResult.noStartTls(ehloName);
        }
        SmtpReply reply = session.startTls(layer);
        if (reply.code() != 220) {
            session.quit();
            return SmtpProbeResult.noStartTls(ehloName);
        }
        SmtpReply again = session.ehlo(settings.heloName());
        if (again.isPositive()) {
            ehloName = session.capabilities().flatMap(EhloCapabilities::serverName).orElse(ehloName);
        }
        session.quit();
        SSLSession tls = layer.socket().getSession();
        return SmtpProbeResult.tls(ehloName, tls.getProtocol(), tls.getCipherSuite(), peerChain(tls),
                sessionTrust.failure());
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
}
