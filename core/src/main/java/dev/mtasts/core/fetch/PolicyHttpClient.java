package dev.mtasts.core.fetch;

import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.BasicHttpClientConnectionManager;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.ssl.TLS;
import org.apache.hc.core5.util.Timeout;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.tls.DnsIdMatcher;
import dev.mtasts.core.tls.TlsClientContext;

/**
 * Builds the short-lived HttpClient of one address try of a policy fetch: pinned to that address (no lookup of
 * its own), TLS 1.2 or higher with SNI and identity = the policy host, the chain recorded for diagnostics, no
 * redirect, retry, cookie or decompression, the connect and handshake bounded by {@code connect}, every
 * read by {@code remaining}. Stateless.
 */
final class PolicyHttpClient {
    private PolicyHttpClient() {
    }

    static CloseableHttpClient create(DomainName host, TlsClientContext tls, ObservedFetch.Recorder recorder,
            AddressAttempt attempt, Duration connect, Duration remaining) {
        Timeout connectTimeout = Timeout.of(connect);
        Timeout readTimeout = Timeout.of(remaining);
        TlsSocketStrategy verifying = ClientTlsStrategyBuilder.create()
                .setSslContext(observingContext(tls, recorder))
                .setTlsVersions(TLS.V_1_3, TLS.V_1_2) // RFC 8461 §7.2
                // identity is checked by the trust manager; the verifier repeats it on the session, belt and braces
                .setHostVerificationPolicy(HostnameVerificationPolicy.CLIENT)
                .setHostnameVerifier((name, session) -> {
                    recorder.tlsProtocol(session.getProtocol());
                    return peerMatches(session, host);
                })
                .buildClassic();
        TlsSocketStrategy watched = (socket, target, port, attachment, context) -> {
            attempt.connected(socket);
            SSLSocket upgraded = verifying.upgrade(socket, target, port, attachment, context);
            attempt.handshakeDone();
            return upgraded;
        };
        BasicHttpClientConnectionManager connections = BasicHttpClientConnectionManager.create(
                DefaultSchemePortResolver.INSTANCE, new PolicyHostResolver(host, attempt.address),
                RegistryBuilder.<TlsSocketStrategy>create().register(URIScheme.HTTPS.id, watched).build(), null);
        connections.setConnectionConfig(ConnectionConfig.custom()
                .setConnectTimeout(connectTimeout).setSocketTimeout(readTimeout).build());
        connections.setTlsConfig(TlsConfig.custom().setHandshakeTimeout(connectTimeout)
                .setSupportedProtocols(TLS.V_1_3, TLS.V_1_2).build());
        return HttpClients.custom()
                .setConnectionManager(connections)
                .disableRedirectHandling() // RFC 8461 §3.3: redirects are not followed
                .disableAutomaticRetries()
                .disableContentCompression() // the size limit applies to the bytes on the wire
                .disableCookieManagement()
                .disableAuthCaching()
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(readTimeout)
                        .setRedirectsEnabled(false).build())
                .setUserAgent("james-mta-sts")
                .build();
    }

    /** The fetch's TLS context with its trust manager wrapped to record the chain; decisions unchanged. */
    private static SSLContext observingContext(TlsClientContext tls, ObservedFetch.Recorder recorder) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new ChainRecordingTrustManager(tls.trustManager(), recorder)}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no TLS implementation", e);
        }
    }

    private static boolean peerMatches(SSLSession session, DomainName host) {
        try {
            Certificate[] peer = session.getPeerCertificates();
            return peer.length > 0 && peer[0] instanceof X509Certificate
                    && DnsIdMatcher.matches((X509Certificate) peer[0], host);
        } catch (SSLPeerUnverifiedException e) {
            return false;
        }
    }
}
