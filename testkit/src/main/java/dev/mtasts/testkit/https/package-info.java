/**
 * HTTPS policy hosts (RFC 8461 §3.3) and report endpoints (RFC 8460 §5.4) on loopback, well-behaved or
 * hostile, with certificates from the test CA.
 */
package dev.mtasts.testkit.https;
