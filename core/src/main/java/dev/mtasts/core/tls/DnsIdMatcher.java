package dev.mtasts.core.tls;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import dev.mtasts.core.DomainName;

/**
 * Server identity checking for MTA-STS: RFC 8461 §3.3 and §4.2 require the host to match a DNS-ID of the
 * certificate per RFC 6125. Stateless and thread-safe.
 */
public final class DnsIdMatcher {
    private static final int DNS_NAME = 2;

    private DnsIdMatcher() {
    }

    /**
     * The certificate's DNS-IDs: its subjectAltName dNSName entries, lower-cased, trailing dot removed; empty
     * when it has none or the extension cannot be parsed.
     */
    public static List<String> dnsIds(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        Collection<List<?>> entries;
        try {
            entries = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return names;
        }
        if (entries == null) {
            return names;
        }
        for (List<?> entry : entries) {
            if (entry.size() >= 2 && Integer.valueOf(DNS_NAME).equals(entry.get(0)) && entry.get(1) instanceof String) {
                names.add(normalise((String) entry.get(1)));
            }
        }
        return names;
    }

    /**
     * True when one of the certificate's DNS-IDs matches {@code host}.
     * RFC 8461 §3.3/§4.2 and RFC 6125 §6.4: DNS-IDs only. The subject CN is never consulted: RFC 8461 asks
     * for a DNS-ID match, and RFC 6125 §6.4.4 allows CN only as a fallback we choose not to offer.
     */
    public static boolean matches(X509Certificate certificate, DomainName host) {
        for (String id : dnsIds(certificate)) {
            if (matches(id, host)) {
                return true;
            }
        }
        return false;
    }

    /**
     * One DNS-ID against a host. RFC 6125 §6.4.3 as narrowed by RFC 8461 §3.3: {@code *} only as the whole
     * left-most label, matching exactly one non-empty label; no partial-label wildcards ({@code f*.example.com});
     * case-insensitive (both sides are lower-case A-labels).
     */
    public static boolean matches(String dnsId, DomainName host) {
        String id = normalise(dnsId);
        String name = host.asciiName();
        if (id.startsWith("*.")) {
            String base = id.substring(2);
            // a wildcard over a single label (*.com) would cover a whole top-level domain: never accepted
            if (base.indexOf('*') >= 0 || base.indexOf('.') < 0) {
                return false;
            }
            int labelEnd = name.length() - base.length() - 1;
            return labelEnd > 0 && name.endsWith(base) && name.charAt(labelEnd) == '.'
                    && name.lastIndexOf('.', labelEnd - 1) < 0;
        }
        return id.indexOf('*') < 0 && id.equals(name);
    }

    private static String normalise(String dnsId) {
        String lower = dnsId.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
