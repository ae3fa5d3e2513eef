/**
 * The {@code check} walk: a domain's MTA-STS set-up looked at step by step as a sending server sees it, each
 * step named PASS, WARN, FAIL or SKIPPED with one line of cause and one line of fix.
 *
 * <p>A sender discovers a policy in a fixed order (RFC 8461 §3): the {@code _mta-sts} TXT record, the address
 * of {@code mta-sts.<domain>}, an HTTPS connection with a certificate valid for that name, a 200
 * {@code text/plain} answer at {@code /.well-known/mta-sts.txt}, and a policy file that parses; then it
 * matches each MX host against the policy (§4.1) and insists on STARTTLS with a valid certificate (§4.2).
 * When any discovery step fails, the sender sees "no policy" (the "MTA-STS policy is missing" of many
 * reports) without saying why; this package says why. Steps 3 and 4 observe the plugin's own fetch, so the
 * check concludes what the plugin concludes. Step 8 looks at the TLS-RPT record (RFC 8460 §3), through which
 * a domain learns of failures.
 *
 * <p>{@link dev.mtasts.core.diagnostics.DomainCheck} runs the walk and returns a
 * {@link dev.mtasts.core.diagnostics.CheckReport} of {@link dev.mtasts.core.diagnostics.CheckStep}s; one
 * package-private class per step (or step group) decides its verdict. Nothing here sends mail or throws for
 * network trouble.
 */
package dev.mtasts.core.diagnostics;
