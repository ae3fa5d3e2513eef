package dev.mtasts.testkit.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made at test time, with EC P-256 keys (fast to generate). A root made by
 * {@link #create(String)} can issue leaf certificates for DNS names (SAN dNSName only, wildcards allowed)
 * and intermediate CAs ({@link #intermediate(String)}), whose leaves carry the intermediate in their chain.
 *
 * <p>Validity is relative to the real clock, because JSSE peers check real time: a {@link #leaf} is valid
 * from one hour ago for one day; {@link #expiredLeaf} ended a day ago; {@link #notYetValidLeaf} starts
 * tomorrow. Each {@code TestCa} is immutable and thread-safe; generation takes a few milliseconds, so
 * tests simply create one each.
 */
public final class TestCa {
    private static final String SIGNATURE = "SHA256withECDSA";
    private static final Duration SKEW = Duration.ofHours(1);

    private final String name;
    private final KeyPair keyPair;
    private final X509Certificate certificate;
    private final X509Certificate root;
    /** The CA's own certificate followed by its parents, excluding the root; empty for the root itself. */
    private final List<X509Certificate> chainAboveLeaf;
    private final AtomicLong serials;

    private TestCa(String name, KeyPair keyPair, X509Certificate certificate, X509Certificate root,
            List<X509Certificate> chainAboveLeaf, AtomicLong serials) {
        this.name = name;
        this.keyPair = keyPair;
        this.certificate = certificate;
        this.root = root;
        this.chainAboveLeaf = List.copyOf(chainAboveLeaf);
        this.serials = serials;
    }

    /** A new self-signed root CA with subject {@code CN=<commonName>}, valid from a day ago for ten years. */
    public static TestCa create(String commonName) {
        KeyPair keys = newKeyPair();
        AtomicLong serials = new AtomicLong(1);
        Instant now = Instant.now();
        X509Certificate cert = sign(new X500Name("CN=" + commonName), keys.getPublic(), new X500Name("CN=" + commonName),
                keys, null, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(3650)), null, List.of(),
                serials.getAndIncrement());
        return new TestCa(commonName, keys, cert, cert, List.of(), serials);
    }

    /** A root CA named "james-mta-sts test root". */
    public static TestCa create() {
        return create("james-mta-sts test root");
    }

    /**
     * A certificate that is its own issuer, for {@code dnsNames}, trusted by nobody (unless a test adds it).
     * Valid now, so the only thing wrong with it is its issuer.
     */
    public static Leaf selfSignedLeaf(String... dnsNames) {
        KeyPair keys = newKeyPair();
        X500Name subject = new X500Name("CN=" + dnsNames[0]);
        Instant now = Instant.now();
        X509Certificate cert = sign(subject, keys.getPublic(), subject, keys, null, now.minus(SKEW),
                now.plus(Duration.ofDays(1)), Usage.SERVER, List.of(dnsNames), 1);
        return new Leaf(keys.getPrivate(), List.of(cert));
    }

    /** An intermediate CA issued by this CA; its leaves' chains are {@code [leaf, intermediate, ...]}. */
    public TestCa intermediate(String commonName) {
        KeyPair keys = newKeyPair();
        Instant now = Instant.now();
        X509Certificate cert = sign(new X500Name("CN=" + commonName), keys.getPublic(),
                new X500Name(certificate.getSubjectX500Principal().getName()), keyPair, certificate,
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)), null, List.of(), serials.getAndIncrement());
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(cert);
        chain.addAll(chainAboveLeaf);
        return new TestCa(commonName, keys, cert, root, chain, serials);
    }

    /** A leaf for {@code dnsNames} (e.g. {@code "mta-sts.example.test"}, {@code "*.example.test"}), valid now. */
    public Leaf leaf(String... dnsNames) {
        Instant now = Instant.now();
        return issue(now.minus(SKEW), now.plus(Duration.ofDays(1)), dnsNames);
    }

    /**
     * What a leaf may be used for, as its KeyUsage and ExtendedKeyUsage extensions say: {@link #SERVER} is
     * what {@link #leaf} issues; the others make leaves a TLS client must refuse for a server.
     */
    public enum Usage {
        /** KeyUsage digitalSignature; EKU serverAuth and clientAuth. */
        SERVER,
        /** KeyUsage digitalSignature; EKU clientAuth only (no serverAuth). */
        CLIENT_AUTH_ONLY,
        /** KeyUsage keyAgreement only (neither digitalSignature nor keyEncipherment); EKU serverAuth. */
        KEY_AGREEMENT_ONLY,
        /**
         * As {@link #SERVER}, but the leaf's key is RSA of 512 bits, which the JDK's
         * {@code jdk.certpath.disabledAlgorithms} refuses ({@code RSA keySize < 1024}). For checks of a chain
         * only: no JDK TLS server would use such a key in a handshake.
         */
        WEAK_RSA_KEY
    }

    /** A leaf for {@code dnsNames}, valid now, with the key usages of {@code usage}. */
    public Leaf leaf(Usage usage, String... dnsNames) {
        Instant now = Instant.now();
        return issue(usage, now.minus(SKEW), now.plus(Duration.ofDays(1)), dnsNames);
    }

    /** A leaf whose validity ended one day ago (and began ten days ago). */
    public Leaf expiredLeaf(String... dnsNames) {
        Instant now = Instant.now();
        return issue(now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1)), dnsNames);
    }

    /** A leaf whose validity begins one day from now. */
    public Leaf notYetValidLeaf(String... dnsNames) {
        Instant now = Instant.now();
        return issue(now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(10)), dnsNames);
    }

    /** A leaf with the given validity window, for {@code dnsNames}; with no names it has no SAN extension. */
    public Leaf issue(Instant notBefore, Instant notAfter, String... dnsNames) {
        return issue(Usage.SERVER, notBefore, notAfter, dnsNames);
    }

    private Leaf issue(Usage usage, Instant notBefore, Instant notAfter, String... dnsNames) {
        KeyPair keys = usage == Usage.WEAK_RSA_KEY ? weakRsaKeyPair() : newKeyPair();
        String cn = dnsNames.length > 0 ? dnsNames[0] : "no-san leaf";
        X509Certificate cert = sign(new X500Name("CN=" + cn), keys.getPublic(),
                new X500Name(certificate.getSubjectX500Principal().getName()), keyPair, certificate, notBefore, notAfter,
                usage, List.of(dnsNames), serials.getAndIncrement());
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(cert);
        chain.addAll(chainAboveLeaf);
        return new Leaf(keys.getPrivate(), chain);
    }

    /** This CA's own certificate (the root's, or the intermediate's). */
    public X509Certificate certificate() {
        return certificate;
    }

    /** The root certificate this CA chains to (itself for a root). */
    public X509Certificate rootCertificate() {
        return root;
    }

    /** This CA's common name. */
    public String name() {
        return name;
    }

    /** A PKCS12 key store holding the root as its only trusted certificate entry, alias {@code test-root}. */
    public KeyStore trustStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("test-root", root);
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the trust store", e);
        }
    }

    /** Writes {@link #trustStore()} as a PKCS12 file, e.g. for a James configuration to point at. */
    public Path writeTrustStore(Path file, char[] password) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            trustStore().store(out, password);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write the trust store " + file, e);
        }
        return file;
    }

    /** The root certificate in PEM ({@code -----BEGIN CERTIFICATE-----}). */
    public String rootPem() {
        return Leaf.pem(root);
    }

    /** A client {@link SSLContext} that trusts this CA's root (JDK PKIX, JDK host name checks left to the caller). */
    public SSLContext clientContext() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(trustStore());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the client context", e);
        }
    }

    private static KeyPair weakRsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(512);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no RSA in this JDK", e);
        }
    }

    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no EC P-256 in this JDK", e);
        }
    }

    private static X509Certificate sign(X500Name subject, PublicKey subjectKey, X500Name issuer, KeyPair issuerKeys,
            X509Certificate issuerCert, Instant notBefore, Instant notAfter, Usage usage, List<String> dnsNames,
            long serial) {
        boolean ca = usage == null; // a CA certificate
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(serial),
                    Date.from(notBefore), Date.from(notAfter), subject, subjectKey);
            builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKey));
            if (issuerCert != null) {
                builder.addExtension(Extension.authorityKeyIdentifier, false,
                        ext.createAuthorityKeyIdentifier(issuerCert));
            }
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (ca) {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(
                        usage == Usage.KEY_AGREEMENT_ONLY ? KeyUsage.keyAgreement : KeyUsage.digitalSignature));
                KeyPurposeId[] purposes = usage == Usage.CLIENT_AUTH_ONLY
                        ? new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth}
                        : new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth};
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
                if (!dnsNames.isEmpty()) {
                    GeneralName[] names = dnsNames.stream().map(n -> new GeneralName(GeneralName.dNSName, n))
                            .toArray(GeneralName[]::new);
                    builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
                }
            }
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(issuerKeys.getPrivate())));
        } catch (CertIOException | OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a test certificate", e);
        }
    }

    /** A private key and its certificate chain ({@code [leaf, intermediates...]}, never the root). Immutable. */
    public static final class Leaf {
        private final PrivateKey privateKey;
        private final List<X509Certificate> chain;

        Leaf(PrivateKey privateKey, List<X509Certificate> chain) {
            this.privateKey = privateKey;
            this.chain = List.copyOf(chain);
        }

        public PrivateKey privateKey() {
            return privateKey;
        }

        /** The end-entity certificate. */
        public X509Certificate certificate() {
            return chain.get(0);
        }

        /** The chain a server sends: the leaf, then the intermediates. */
        public List<X509Certificate> chain() {
            return chain;
        }

        /** The same key and leaf, sent without intermediates (an incomplete chain). */
        public Leaf withoutIntermediates() {
            return new Leaf(privateKey, List.of(chain.get(0)));
        }

        /** A server {@link SSLContext} presenting this chain (see {@link ServerTls}). */
        public SSLContext serverContext() {
            return ServerTls.serverContext(this);
        }

        /** The leaf certificate in PEM. */
        public String pem() {
            return pem(certificate());
        }

        static String pem(X509Certificate certificate) {
            StringWriter text = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
                writer.writeObject(certificate);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return text.toString();
        }

        @Override
        public String toString() {
            return "Leaf{" + certificate().getSubjectX500Principal() + ", chain=" + chain.size() + "}";
        }
    }
}
