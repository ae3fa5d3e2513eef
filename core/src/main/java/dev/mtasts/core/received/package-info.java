/**
 * Received TLS reports (RFC 8460): what other sending servers report about OUR domains.
 *
 * <p>A domain that publishes a {@code _smtp._tls} TXT record with a {@code mailto:} rua receives, once a day
 * from each large sender, a {@code multipart/report; report-type=tlsrpt} mail whose attachment is the report
 * JSON of RFC 8460 §4, usually gzipped (§5.3). This package finds that attachment in a mail
 * ({@link ReportMailParts}), parses it liberally but totally ({@link ReceivedReportParser}: a value or a
 * reason, with caps on inflated size, nesting and counts, since every byte is remote-controlled), keeps it
 * in a {@link ReceivedReportStore} (duplicates dropped by {@code report-id}, unparseable ones kept aside with
 * their reason) and adds the stored reports up per own domain and UTC day ({@link ReceivedTotals}).
 *
 * <p>Every string taken from a report is cleaned and capped with {@link dev.mtasts.core.RemoteText} when the
 * model is built: a reporter's {@code organization-name} is hostile input like any other.
 */
package dev.mtasts.core.received;
