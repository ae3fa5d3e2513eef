package dev.mtasts.core.tlsrpt.send;

import dev.mtasts.core.tlsrpt.ReportDocument;
import dev.mtasts.core.tlsrpt.ReportUri;

/**
 * Delivers one report file to one rua destination of the scheme it handles. Implementations are thread-safe
 * and never throw for delivery trouble: every problem is a {@link DeliveryOutcome#failed(String)}.
 */
public interface ReportSender {
    /** The scheme this sender handles. */
    ReportUri.Scheme scheme();

    /** One attempt; blocks at most for the sender's timeouts. */
    DeliveryOutcome send(ReportUri destination, ReportDocument document);
}
