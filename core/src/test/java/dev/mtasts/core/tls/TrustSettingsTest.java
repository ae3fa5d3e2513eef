package dev.mtasts.core.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mtasts.testkit.tls.TestCa;

class TrustSettingsTest {
    @TempDir
    Path dir;

    private final TestCa ca = TestCa.create();

    @Test
    void shouldLoadTheJdkDefaultRoots() {
        assertThat(TrustSettings.jdkDefault().anchors()).isNotEmpty();
    }

    @Test
    void shouldLoadAPkcs12FileWithItsPassword() throws Exception {
        Path file = ca.writeTrustStore(dir.resolve("trust.p12"), "pw".toCharArray());

        TrustSettings trust = TrustSettings.fromFile(file, "pw".toCharArray());

        assertThat(trust.anchors()).singleElement().satisfies(a -> assertThat(a.getTrustedCert()).isEqualTo(ca.rootCertificate()));
        assertThat(trust.description()).contains(file.toString());
    }

    @Test
    void shouldNameTheFileWhenItIsMissing() {
        Path missing = dir.resolve("nope.p12");

        assertThatThrownBy(() -> TrustSettings.fromFile(missing, "pw".toCharArray()))
                .isInstanceOf(TrustStoreException.class).hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void shouldSayThePasswordIsWrong() throws Exception {
        Path file = ca.writeTrustStore(dir.resolve("trust.p12"), "pw".toCharArray());

        assertThatThrownBy(() -> TrustSettings.fromFile(file, "wrong".toCharArray()))
                .isInstanceOf(TrustStoreException.class).hasMessageContaining(file.toString())
                .hasMessageContaining("password");
    }

    @Test
    void shouldRefuseAFileThatIsNotAKeyStore() throws Exception {
        Path file = Files.writeString(dir.resolve("roots.pem"), ca.rootPem());

        assertThatThrownBy(() -> TrustSettings.fromFile(file, "pw".toCharArray()))
                .isInstanceOf(TrustStoreException.class).hasMessageContaining(file.toString());
    }

    @Test
    void shouldRefuseAStoreWithoutTrustedCertificates() throws Exception {
        KeyStore empty = KeyStore.getInstance("PKCS12");
        empty.load(null, null);

        assertThatThrownBy(() -> TrustSettings.fromKeyStore(empty, "the empty store"))
                .isInstanceOf(TrustStoreException.class).hasMessage("the empty store contains no trusted certificates");
    }
}
