package dev.mtasts.core.fetch;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

import dev.mtasts.core.tls.VerifyingTrustManager;

/**
 * Records the chain the policy host sent, then lets the fetch's {@link VerifyingTrustManager} decide exactly
 * as before: diagnostics need the chain also when it is refused (to tell a missing intermediate from an
 * unknown CA) and when it is accepted (to warn of a near expiry). Adds no decision of its own. One per fetch.
 */
final class ChainRecordingTrustManager extends X509ExtendedTrustManager {
    private final VerifyingTrustManager delegate;
    private final ObservedFetch.Recorder recorder;

    ChainRecordingTrustManager(VerifyingTrustManager delegate, ObservedFetch.Recorder recorder) {
        this.delegate = delegate;
        this.recorder = recorder;
    }

    private void record(X509Certificate[] chain) {
        recorder.peerChain(chain == null ? List.of() : Arrays.asList(chain));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        record(chain);
        delegate.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        record(chain);
        delegate.checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        record(chain);
        delegate.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        delegate.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        delegate.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }
}
