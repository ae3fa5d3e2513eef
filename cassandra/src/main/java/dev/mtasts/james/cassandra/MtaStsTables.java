package dev.mtasts.james.cassandra;

import java.util.List;

import org.apache.james.backends.cassandra.components.CassandraModule;
import org.apache.james.backends.cassandra.init.CassandraTableManager;
import org.apache.james.backends.cassandra.init.CassandraTypesProvider;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.querybuilder.schema.CreateTable;
import com.datastax.oss.driver.api.querybuilder.schema.CreateTableStart;

/**
 * The plugin's tables, declared as a James {@link CassandraModule} and created at start by James's own
 * {@link CassandraTableManager} in the session's keyspace (James's keyspace on the distributed server). James
 * builds its own modules' tables from the set bound in its main injector, which an extension's child injector
 * cannot add to, so the plugin runs the same manager on its module itself. Plain CQL types, counters not used (totals are per node, summed when
 * read), lightweight transactions only on the lease table and the received reports (a report is inserted
 * IF NOT EXISTS), received rows written with a TTL (retention): valid on Cassandra 4.x and 5.x.
 */
public final class MtaStsTables {
    public static final String POLICY = "mta_sts_policy";
    public static final String COUNTS = "mta_sts_tlsrpt_counts";
    public static final String LEASE = "mta_sts_report_lease";
    public static final String RECEIVED = "mta_sts_received_report";
    public static final String RECEIVED_ASIDE = "mta_sts_received_set_aside";
    public static final String RECEIVED_DUPLICATE = "mta_sts_received_duplicate";

    private static final class Table {
        final String name;
        final String comment;
        final java.util.function.Function<CreateTableStart, CreateTable> columns;

        Table(String name, String comment, java.util.function.Function<CreateTableStart, CreateTable> columns) {
            this.name = name;
            this.comment = comment;
            this.columns = columns;
        }
    }

    private static final List<Table> TABLES = List.of(
            new Table(POLICY, "MTA-STS: cached policies of the cluster (RFC 8461 §5.1), one row per policy domain",
                    start -> start.withPartitionKey("domain", DataTypes.TEXT)
                            .withColumn("id", DataTypes.TEXT)
                            .withColumn("lines", DataTypes.listOf(DataTypes.TEXT))
                            .withColumn("fetched_at", DataTypes.TIMESTAMP)),
            new Table(COUNTS, "MTA-STS: TLS-RPT totals per UTC day, policy domain and node (summed when read)",
                    start -> start.withPartitionKey("day", DataTypes.DATE)
                            .withClusteringColumn("domain", DataTypes.TEXT)
                            .withClusteringColumn("node", DataTypes.TEXT)
                            .withColumn("counts", DataTypes.BLOB)
                            .withColumn("updated", DataTypes.TIMESTAMP)),
            new Table(LEASE, "MTA-STS: which node builds and sends the TLS-RPT report of a domain and day",
                    start -> start.withPartitionKey("day", DataTypes.DATE)
                            .withPartitionKey("domain", DataTypes.TEXT)
                            .withColumn("owner", DataTypes.TEXT)
                            .withColumn("state", DataTypes.TEXT)),
            new Table(RECEIVED, "MTA-STS: received TLS reports per report day, one row per report-id and content",
                    start -> start.withPartitionKey("day", DataTypes.DATE)
                            .withClusteringColumn("report_key", DataTypes.TEXT)
                            .withColumn("report_id", DataTypes.TEXT)
                            .withColumn("json", DataTypes.BLOB)
                            .withColumn("received_at", DataTypes.TIMESTAMP)
                            .withColumn("node", DataTypes.TEXT)),
            new Table(RECEIVED_ASIDE, "MTA-STS: received TLS report mails that could not be read, per UTC month",
                    start -> start.withPartitionKey("month", DataTypes.TEXT)
                            .withClusteringColumn("received_at", DataTypes.TIMESTAMP)
                            .withClusteringColumn("name", DataTypes.TEXT)
                            .withColumn("reason", DataTypes.TEXT)
                            .withColumn("message", DataTypes.BLOB)
                            .withColumn("size", DataTypes.BIGINT)
                            .withColumn("node", DataTypes.TEXT)),
            new Table(RECEIVED_DUPLICATE, "MTA-STS: received TLS reports dropped as duplicates, per UTC month",
                    start -> start.withPartitionKey("month", DataTypes.TEXT)
                            .withClusteringColumn("received_at", DataTypes.TIMESTAMP)
                            .withClusteringColumn("node", DataTypes.TEXT)
                            .withClusteringColumn("report_key", DataTypes.TEXT)
                            .withColumn("report_id", DataTypes.TEXT)));

    /** The tables for James's schema creation. */
    public static final CassandraModule MODULE = module();

    private MtaStsTables() {
    }

    private static CassandraModule module() {
        CassandraModule.Builder builder = CassandraModule.builder();
        for (Table table : TABLES) {
            builder = builder.table(table.name).comment(table.comment)
                    .statement(start -> types -> table.columns.apply(start));
        }
        return builder.build();
    }

    /**
     * Creates the tables that do not exist yet in the session's keyspace, with James's own table manager (as
     * the distributed server does for its modules). Idempotent; safe when several nodes start at once.
     */
    static void createIfMissing(CqlSession session) {
        new CassandraTableManager(MODULE, session).initializeTables(new CassandraTypesProvider(session));
    }
}
