/**
 * Values shared by every part of the plugin: {@link dev.mtasts.core.DomainName} (RFC 5890 A-labels),
 * {@link dev.mtasts.core.Failure} and its closed list {@link dev.mtasts.core.FailureCode} (each failure with
 * its RFC 8460 §4.3 result type, {@link dev.mtasts.core.ResultType}), parse results with line-numbered
 * errors, {@link dev.mtasts.core.RemoteText} (cleaning remote-derived text) and the duration syntax of the
 * configuration files. No James types anywhere under {@code dev.mtasts.core}.
 */
package dev.mtasts.core;
