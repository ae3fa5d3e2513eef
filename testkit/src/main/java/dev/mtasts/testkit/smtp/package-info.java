/** SMTP servers for tests: sinks with STARTTLS, hostile servers, and a real Postfix. */
package dev.mtasts.testkit.smtp;
