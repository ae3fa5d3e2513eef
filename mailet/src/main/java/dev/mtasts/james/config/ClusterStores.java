package dev.mtasts.james.config;

import dev.mtasts.core.cache.PolicyStore;
import dev.mtasts.core.received.ReceivedReportStore;
import dev.mtasts.core.tlsrpt.AggregateSource;
import dev.mtasts.core.tlsrpt.send.ReportLeases;

/**
 * What a store shared by the nodes of a James cluster provides in place of the files under {@code data.dir}
 * ({@code store=cassandra}): the policy cache's store, the TLS-RPT counts of all nodes summed, the leases
 * that let exactly one node build and send each daily report, and the received TLS reports. Bound (through
 * Guice's {@code OptionalBinder}) by the module of that store; absent with {@code store=file}. Implementations are thread-safe.
 */
public interface ClusterStores {
    /** The cluster's policy cache ({@link PolicyStore#shared()} is true). */
    PolicyStore policies();

    /** Every node's TLS-RPT counts, summed per day, policy domain and applied policy. Read-only views. */
    AggregateSource aggregates();

    /** Which node builds and sends each report. */
    ReportLeases leases();

    /** The TLS reports received by any node, duplicates dropped cluster-wide. */
    ReceivedReportStore received();
}
