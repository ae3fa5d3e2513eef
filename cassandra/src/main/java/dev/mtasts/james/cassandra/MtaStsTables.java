package dev.mtasts.james.cassandra;

import java.util.List;

import org.apache.james.backends.cassandra.components.CassandraModule;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.querybuilder.SchemaBuilder;
import com.datastax.oss.driver.api.querybuilder.schema.CreateTable;
import com.datastax.oss.driver.api.querybuilder.schema.CreateTableStart;

/**
 * The plugin's tables, declared once: as a James {@link CassandraModule} (the distributed server creates them
 * in its keyspace at start, as it does its own) and, where this module opened its own session, created with
 * {@code CREATE TABLE IF NOT EXISTS}. Plain CQL types, counters not used (totals are per node, summed when
 * read), lightweight transactions only on the lease table: valid on Cassandra 4.x and 5.x.
 */
public final class MtaStsTables {
    public static final String POLICY = "mta_sts_policy";
    public static final String COUNTS = "mta_sts_tlsrpt_counts";
    public static final String LEASE = "mta_sts_report_lease";

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
            new Table(POLICY, "MTA-STS: the cluster's cached policies (RFC 8461 §5.1), one row per policy domain",
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
                            .withColumn("state", DataTypes.TEXT)));

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

    /** Creates the tables that do not exist yet in {@code keyspace} (a session of this module's own). */
    static void createIfMissing(CqlSession session, String keyspace) {
        for (Table table : TABLES) {
            CreateTable create = table.columns.apply(SchemaBuilder.createTable(keyspace, table.name).ifNotExists());
            session.execute(create.withComment(table.comment).build());
        }
    }
}
