/**
 * The Cassandra store for James's distributed server ({@code store=cassandra}): policies, TLS-RPT day counts
 * and report leases shared by every node of a cluster, bound through {@code ClusterStores}.
 */
package dev.mtasts.james.cassandra;
