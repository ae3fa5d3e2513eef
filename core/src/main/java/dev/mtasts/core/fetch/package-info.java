/**
 * Fetching the MTA-STS policy file over HTTPS (RFC 8461 §3.3).
 *
 * <p>Once the {@code _mta-sts} TXT record says a policy exists, a sender fetches
 * {@code https://mta-sts.<policy-domain>/.well-known/mta-sts.txt}. The fetch counts only if the TLS
 * certificate is valid for {@code mta-sts.<policy-domain>}, the answer is a 200 (redirects are never followed
 * and no HTTP cache is used), the body is {@code text/plain} and small, and it parses as a policy. Senders may
 * bound the time and size of the fetch (the RFC suggests a minute and 64 KiB): here one deadline covers the
 * whole fetch, across at most three addresses of the policy host.
 *
 * <p>Every way a fetch can fail ends in a {@link dev.mtasts.core.Failure} of one of three RFC 8460 result
 * types: {@code sts-policy-fetch-error} (DNS, connection, timeout, HTTP status, media type, size),
 * {@code sts-webpki-invalid} (the certificate) or {@code sts-policy-invalid} (the content), with a sentence
 * that tells the domain owner what to fix. {@link dev.mtasts.core.fetch.HttpsPolicyFetcher} is the
 * implementation; {@link dev.mtasts.core.fetch.FetchSettings} its limits.
 */
package dev.mtasts.core.fetch;
