/** The test CA and server TLS contexts: certificates for every case the RFC 8461 §4.2 checks tell apart. */
package dev.mtasts.testkit.tls;
