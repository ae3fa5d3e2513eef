package dev.mtasts.core.fetch;

import java.time.Duration;
import java.util.List;

import dev.mtasts.core.Failure;
import dev.mtasts.core.FailureCode;
import dev.mtasts.core.tls.CertificateProblem;

/**
 * The {@link Failure} values a policy fetch can end in, with their codes and the sentences a domain owner can
 * act on. Every sentence starts from the URL that was fetched. Stateless.
 */
final class FetchFailures {
    private FetchFailures() {
    }

    static Failure dnsNoAddress(String url, String host, String detail) {
        return fetchError(FailureCode.DNS_NO_ADDRESS, url + " cannot be fetched: its host " + host + " has no address ("
                + detail + "); publish an A or AAAA record for " + host);
    }

    static Failure dnsFailed(String url, String host, String detail) {
        return fetchError(FailureCode.DNS_FAILED, url + " cannot be fetched: the address of " + host
                + " could not be looked up (" + detail + ")");
    }

    static Failure badHostName(String policyDomain, String reason) {
        return fetchError(FailureCode.BAD_HOST_NAME, "no policy URL can be formed for " + policyDomain + ": " + reason);
    }

    static Failure connectRefused(String url, String detail) {
        return fetchError(FailureCode.CONNECT_REFUSED, "could not connect to fetch " + url + " (" + detail
                + "); the policy host must accept HTTPS connections");
    }

    static Failure connectTimeout(String url, Duration timeout) {
        return fetchError(FailureCode.CONNECT_TIMEOUT, "could not connect to fetch " + url + " within " + seconds(timeout)
                + " (TCP and TLS handshake); check that the policy host is reachable and its firewall allows HTTPS");
    }

    /**
     * The whole fetch's deadline ({@code fetch.timeout}) passed; {@code connected}: a TLS session existed, so
     * the server was slow to answer, rather than no address completing a handshake.
     */
    static Failure timeout(String url, Duration timeout, boolean connected) {
        return fetchError(FailureCode.FETCH_TIMEOUT, url + " did not deliver the policy within " + seconds(timeout)
                + ", the time allowed for the whole fetch (RFC 8461 §3.3 lets senders bound it); "
                + (connected ? "the server connected but answered too slowly"
                        : "no address of the policy host completed a TLS handshake in time"));
    }

    static Failure lookupTookTheDeadline(String url, String host, Duration timeout) {
        return fetchError(FailureCode.FETCH_TIMEOUT, url + " was not fetched: looking up the address of " + host + " took the whole "
                + seconds(timeout) + " allowed for the fetch; check that the domain's name servers answer quickly");
    }

    /**
     * {@code failure} with the addresses tried before the one that ended the fetch, and a note when the host
     * has more addresses than one fetch tries. Unchanged when there is nothing to add.
     */
    static Failure withAddresses(Failure failure, List<String> tried, int addressCount) {
        StringBuilder more = new StringBuilder();
        if (!tried.isEmpty()) {
            more.append("; addresses tried: ").append(String.join(", ", tried));
        }
        if (addressCount > FetchSettings.MAX_ADDRESSES) {
            more.append("; the policy host has ").append(addressCount).append(" addresses, a fetch tries the first ")
                    .append(FetchSettings.MAX_ADDRESSES);
        }
        return more.length() == 0 ? failure
                : failure.withMore(more.toString());
    }

    static Failure tlsHandshake(String url, String detail) {
        return fetchError(FailureCode.POLICY_TLS_HANDSHAKE_FAILED, "the TLS handshake for " + url + " failed: " + detail
                + "; the policy host must offer TLS 1.2 or higher (RFC 8461 §7.2)");
    }

    static Failure io(String url, String detail) {
        return fetchError(FailureCode.IO_ERROR, "fetching " + url + " failed: " + detail);
    }

    static Failure status(String url, int status, String reasonPhrase) {
        String answered = url + " answered " + status + (reasonPhrase.isEmpty() ? "" : " " + reasonPhrase);
        String hint = status == 404 ? "; publish the policy file at that exact path"
                : "; it must answer 200 with the policy file (RFC 8461 §3.3)";
        return Failure.of(FailureCode.HTTP_STATUS, status, answered + hint);
    }

    static Failure redirect(String url, int status, String location) {
        return Failure.of(FailureCode.HTTP_REDIRECT, status, url + " answered " + status + " redirecting to "
                + (location == null ? "(no Location)" : location) + "; RFC 8461 §3.3 forbids following redirects:"
                + " serve the policy file directly at " + url);
    }

    static Failure contentType(String url, String contentType) {
        return fetchError(FailureCode.WRONG_CONTENT_TYPE, url + " answered with Content-Type "
                + (contentType == null ? "missing" : "'" + contentType + "'")
                + "; the policy file must be served as text/plain (RFC 8461 §3.2)");
    }

    static Failure tooLargeAnnounced(String url, long length, int limit) {
        return fetchError(FailureCode.BODY_TOO_LARGE, url + " announced a body of " + length + " bytes; policies larger than "
                + limit + " bytes are refused (RFC 8461 §3.3)");
    }

    static Failure tooLargeStreamed(String url, int limit) {
        return fetchError(FailureCode.BODY_TOO_LARGE, url + " sent more than " + limit
                + " bytes; policies larger than that are refused (RFC 8461 §3.3)");
    }

    static Failure certificate(String url, CertificateProblem problem) {
        return Failure.of(problem.kind().policyHostCode(),
                "the HTTPS certificate of " + url + " was refused: " + problem.sentence());
    }

    static Failure notUtf8(String url, String detail) {
        return Failure.of(FailureCode.POLICY_NOT_UTF8,
                "the policy file at " + url + " is not valid UTF-8 (" + detail + "); a policy is plain ASCII: save it without accented or special characters");
    }

    static Failure invalidPolicy(String url, String reasons) {
        return Failure.of(FailureCode.POLICY_INVALID,
                "the policy file at " + url + " is invalid: " + reasons);
    }

    private static Failure fetchError(FailureCode code, String sentence) {
        return Failure.of(code, sentence);
    }

    static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.getSeconds() + " s" : duration.toMillis() + " ms";
    }
}
