package dev.mtasts.testkit.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCaTest {
    private final TestCa ca = TestCa.create();

    private X509TrustManager jdkTrust(KeyStore store) throws Exception {
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(store);
        return (X509TrustManager) factory.getTrustManagers()[0];
    }

    private static void check(X509TrustManager trust, TestCa.Leaf leaf) throws CertificateException {
        trust.checkServerTrusted(leaf.chain().toArray(new X509Certificate[0]), "ECDHE_ECDSA");
    }

    @Test
    void shouldIssueLeafTrustedByTheRootWithSanNames() throws Exception {
        TestCa.Leaf leaf = ca.leaf("mta-sts.example.test", "*.example.test");

        check(jdkTrust(ca.trustStore()), leaf);
        assertThat(leaf.certificate().getSubjectAlternativeNames())
                .extracting(entry -> (Object) entry.get(1))
                .containsExactly("mta-sts.example.test", "*.example.test");
        assertThat(leaf.certificate().getIssuerX500Principal()).isEqualTo(ca.rootCertificate().getSubjectX500Principal());
    }

    @Test
    void shouldIssueExpiredAndNotYetValidLeavesRelativeToTheRealClock() {
        Instant now = Instant.now();

        assertThat(ca.expiredLeaf("a.example.test").certificate().getNotAfter().toInstant()).isBefore(now);
        assertThat(ca.notYetValidLeaf("a.example.test").certificate().getNotBefore().toInstant()).isAfter(now);
        assertThatThrownBy(() -> check(jdkTrust(ca.trustStore()), ca.expiredLeaf("a.example.test")))
                .isInstanceOf(CertificateException.class);
    }

    @Test
    void shouldRejectSelfSignedLeafAgainstTheRoot() throws Exception {
        TestCa.Leaf leaf = TestCa.selfSignedLeaf("mta-sts.example.test");

        assertThat(leaf.certificate().getIssuerX500Principal()).isEqualTo(leaf.certificate().getSubjectX500Principal());
        X509TrustManager trust = jdkTrust(ca.trustStore());
        assertThatThrownBy(() -> check(trust, leaf)).isInstanceOf(CertificateException.class);
    }

    @Test
    void shouldChainIntermediateLeavesAndDropTheIntermediateOnRequest() throws Exception {
        TestCa intermediate = ca.intermediate("test intermediate");
        TestCa.Leaf leaf = intermediate.leaf("mx1.example.test");
        X509TrustManager trust = jdkTrust(ca.trustStore());

        assertThat(leaf.chain()).hasSize(2).element(1).isEqualTo(intermediate.certificate());
        check(trust, leaf);
        assertThat(leaf.withoutIntermediates().chain()).hasSize(1);
        assertThatThrownBy(() -> check(trust, leaf.withoutIntermediates())).isInstanceOf(CertificateException.class);
    }

    @Test
    void shouldWriteAPkcs12TrustStoreThatLoadsBack(@TempDir Path dir) throws Exception {
        Path file = ca.writeTrustStore(dir.resolve("trust.p12"), "secret".toCharArray());
        KeyStore loaded = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            loaded.load(in, "secret".toCharArray());
        }

        assertThat(List.of(loaded.getCertificate("test-root"))).containsExactly(ca.rootCertificate());
        check(jdkTrust(loaded), ca.leaf("x.example.test"));
    }

    @Test
    void shouldExportTheRootAsPem() {
        assertThat(ca.rootPem()).startsWith("-----BEGIN CERTIFICATE-----").contains("-----END CERTIFICATE-----");
    }
}
