package dev.mtasts.core.tlsrpt.send;

import java.util.Objects;

import dev.mtasts.core.tlsrpt.ReportDocument;
import dev.mtasts.core.tlsrpt.ReportFileName;
import dev.mtasts.core.tlsrpt.ReportUri;

/**
 * A {@link ReportSender} that sends only while this node holds the report's lease ({@link
 * ReportLeases#confirm}), so that two nodes never send the report of one domain and day. Thread-safe when
 * the delegates are.
 */
public final class LeasedReportSender implements ReportSender {
    private final ReportSender sender;
    private final ReportLeases leases;

    public LeasedReportSender(ReportSender sender, ReportLeases leases) {
        this.sender = Objects.requireNonNull(sender);
        this.leases = Objects.requireNonNull(leases);
    }

    @Override
    public ReportUri.Scheme scheme() {
        return sender.scheme();
    }

    @Override
    public DeliveryOutcome send(ReportUri destination, ReportDocument document) {
        ReportFileName name = document.fileName();
        switch (leases.confirm(name.day(), name.policyDomain())) {
            case MINE:
                return sender.send(destination, document);
            case OTHER:
                return DeliveryOutcome.failed("not sent to " + destination + ": another node of the cluster holds"
                        + " the report lease of " + name.policyDomain() + " for " + name.day() + " and sends it");
            default:
                return DeliveryOutcome.failed("not sent to " + destination + " yet: the cluster's report lease of "
                        + name.policyDomain() + " for " + name.day() + " cannot be confirmed (shared store"
                        + " unavailable); tried again later");
        }
    }
}
