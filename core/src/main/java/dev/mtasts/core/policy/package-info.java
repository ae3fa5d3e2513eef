/**
 * What a domain publishes for MTA-STS (RFC 8461 §3), as values and pure parsers.
 *
 * <p>A domain announces a policy with a TXT record at {@code _mta-sts.<domain>} ({@link
 * dev.mtasts.core.policy.StsTxtRecord}, parsed and selected by {@link dev.mtasts.core.policy.StsTxtParser}):
 * {@code v=STSv1; id=...;}, where the id changes whenever the policy does. The policy itself is a small
 * text file served over HTTPS ({@link dev.mtasts.core.policy.StsPolicy}, parsed by {@link
 * dev.mtasts.core.policy.StsPolicyParser}): a {@link dev.mtasts.core.policy.PolicyMode mode}, how long it
 * may be cached ({@code max_age}), and the MX host names a sender may deliver to ({@link
 * dev.mtasts.core.policy.MxPattern}, matched as §4.1 says).
 *
 * <p>The parsers are pure and total: they never throw, and return either a value or the reasons (with line
 * numbers for the policy file) as sentences a domain owner can act on. Where the ABNF is stricter than the
 * meaning requires, they accept with a warning, because a sender that rejects a policy treats the domain as
 * having none; each such choice is marked {@code SPEC-GAP} in the source.
 */
package dev.mtasts.core.policy;
