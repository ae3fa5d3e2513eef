package dev.mtasts.core.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.mtasts.core.DomainName;

/**
 * The (host, chain) pairs {@link CertificateVerifier} found valid, so that a server presenting the same chain
 * again skips PKIX path building. Only successes are held, each until the earlier of {@code validFor} after
 * the check and the first {@code notAfter} of the chain, and only while the clock is not before the latest
 * {@code notBefore} (a clock moved back is judged afresh). The key is the host and the SHA-256 of every
 * presented certificate's encoding, so a different chain or host is always checked in full.
 *
 * <p>Thread-safe. Bounded: when {@code capacity} entries are held, lapsed ones are dropped, and if none
 * lapsed everything is forgotten (the cost is one full check per chain).
 */
final class ValidatedChains {
    private final Duration validFor;
    private final int capacity;
    private final Map<Key, Window> entries = new ConcurrentHashMap<>();

    ValidatedChains(Duration validFor, int capacity) {
        this.validFor = Objects.requireNonNull(validFor);
        this.capacity = capacity;
    }

    /**
     * The key of {@code chain} for {@code host} and the key exchange {@code authType} (it decides the key usage
     * the leaf needs); empty when a certificate cannot be encoded (never cached).
     */
    static Optional<Key> keyOf(List<X509Certificate> chain, DomainName host, String authType) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(String.valueOf(authType).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            for (X509Certificate cert : chain) {
                byte[] encoded = cert.getEncoded();
                sha256.update(new byte[] {(byte) (encoded.length >>> 24), (byte) (encoded.length >>> 16),
                        (byte) (encoded.length >>> 8), (byte) encoded.length});
                sha256.update(encoded);
            }
            return Optional.of(new Key(host, sha256.digest()));
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            return Optional.empty();
        }
    }

    /** True when {@code key} was found valid and its window still holds {@code now}. */
    boolean isValid(Key key, Instant now) {
        Window window = entries.get(key);
        if (window == null) {
            return false;
        }
        if (window.holds(now)) {
            return true;
        }
        entries.remove(key, window);
        return false;
    }

    /** Remembers that {@code chain} (the one {@code key} was made from) passed every check at {@code now}. */
    void remember(Key key, List<X509Certificate> chain, Instant now) {
        Instant from = Instant.MIN;
        Instant until = now.plus(validFor);
        for (X509Certificate cert : chain) {
            Instant notBefore = cert.getNotBefore().toInstant();
            Instant notAfter = cert.getNotAfter().toInstant();
            from = notBefore.isAfter(from) ? notBefore : from;
            until = notAfter.isBefore(until) ? notAfter : until;
        }
        if (entries.size() >= capacity) {
            entries.values().removeIf(w -> !w.holds(now));
            if (entries.size() >= capacity) {
                entries.clear();
            }
        }
        entries.put(key, new Window(from, until));
    }

    int size() {
        return entries.size();
    }

    /** Host plus chain digest. */
    static final class Key {
        private final DomainName host;
        private final byte[] digest;
        private final int hash;

        Key(DomainName host, byte[] digest) {
            this.host = host;
            this.digest = digest;
            this.hash = 31 * host.hashCode() + Arrays.hashCode(digest);
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Key)) {
                return false;
            }
            Key other = (Key) o;
            return host.equals(other.host) && MessageDigest.isEqual(digest, other.digest);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** [from, until): the instants at which a remembered success still holds. */
    private static final class Window {
        private final Instant from;
        private final Instant until;

        Window(Instant from, Instant until) {
            this.from = from;
            this.until = until;
        }

        boolean holds(Instant now) {
            return !now.isBefore(from) && now.isBefore(until);
        }
    }
}
