/**
 * The James side of sending TLS-RPT reports (RFC 8460 §5): the Guice module that wires the core schedule,
 * the schedule's start and stop with the module, and report mails sent through a James processor so that
 * DKIMSign can sign them (§5.3.1).
 */
package dev.mtasts.james.tlsrpt;
