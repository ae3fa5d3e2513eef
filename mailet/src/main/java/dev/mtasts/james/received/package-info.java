/**
 * TLS-RPT reports this server receives (RFC 8460 §5.3 report mails): the matcher that recognises them, the
 * mailet that ingests them into the received-report store, and their Guice module.
 */
package dev.mtasts.james.received;
