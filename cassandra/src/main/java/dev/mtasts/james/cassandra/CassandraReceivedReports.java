package dev.mtasts.james.cassandra;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;

import dev.mtasts.core.Parsed;
import dev.mtasts.core.RemoteText;
import dev.mtasts.core.received.ReceivedReport;
import dev.mtasts.core.received.ReceivedReportParser;
import dev.mtasts.core.received.ReceivedReportStore;

/**
 * The received TLS reports of the whole cluster, in three tables:
 * <pre>
 * mta_sts_received_report     (day, report_key)              one row per report, as received (inflated JSON)
 * mta_sts_received_set_aside  (month, received_at, name)     mails whose report could not be read, with the reason
 * mta_sts_received_duplicate  (month, received_at, node, report_key)   one row per duplicate dropped
 * </pre>
 * The rule is the file store's: {@code report_key} is {@code sha256(report-id)-sha256(json)}, so the same
 * {@code report-id} with the same content is a duplicate and with other content another part of a split
 * report. A report is written with {@code INSERT ... IF NOT EXISTS} (a lightweight transaction, serial
 * consistency SERIAL, commit at QUORUM), so when two nodes receive the same report at once exactly one keeps
 * it and the other notes a duplicate. Other reads and writes at QUORUM, each bounded by {@code cassandra.timeout}.
 *
 * <p>Retention is a TTL on every row: a report lives until the end of its day plus
 * {@code tlsrpt.retention.days} (the file store deletes it at the first clean-up after that), a set-aside mail
 * or a duplicate likewise from the day it was received; never longer than the retention plus two days, even
 * for a report dated in the future. A set-aside mail keeps at most {@link #MAX_MESSAGE_BYTES} bytes (a
 * Cassandra mutation must stay small); its full size is noted. Thread-safe.
 */
final class CassandraReceivedReports implements ReceivedReportStore {
    /** Bytes of a set-aside mail kept in its row; the rest is cut off (the reason and full size are kept). */
    static final int MAX_MESSAGE_BYTES = 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(CassandraReceivedReports.class);
    private static final int HASH_CHARS = 24;
    private static final int PAGE_SIZE = 100;

    private final CqlSession session;
    private final String node;
    private final int retentionDays;
    private final Duration timeout;
    private final ReceivedReportParser parser;
    private final Clock clock;
    private final PreparedStatement insert;
    private final PreparedStatement selectDay;
    private final PreparedStatement insertAside;
    private final PreparedStatement selectAside;
    private final PreparedStatement insertDuplicate;
    private final PreparedStatement countDuplicates;

    /** {@code node}: this node's name ({@code cassandra.node}), noted on each row; {@code clock}: for reads. */
    CassandraReceivedReports(CqlSession session, String keyspace, String node, int retentionDays, Duration timeout,
            ReceivedReportParser parser, Clock clock) {
        this.session = session;
        this.node = node;
        this.retentionDays = retentionDays;
        this.timeout = timeout;
        this.parser = parser;
        this.clock = clock;
        String reports = keyspace + "." + MtaStsTables.RECEIVED;
        String aside = keyspace + "." + MtaStsTables.RECEIVED_ASIDE;
        String duplicates = keyspace + "." + MtaStsTables.RECEIVED_DUPLICATE;
        this.insert = session.prepare("INSERT INTO " + reports
                + " (day, report_key, report_id, json, received_at, node)"
                + " VALUES (?, ?, ?, ?, ?, ?) IF NOT EXISTS USING TTL ?");
        this.selectDay = session.prepare("SELECT report_key, json FROM " + reports + " WHERE day = ?");
        this.insertAside = session.prepare("INSERT INTO " + aside + " (month, received_at, name, reason, message, size,"
                + " node) VALUES (?, ?, ?, ?, ?, ?, ?) USING TTL ?");
        this.selectAside = session.prepare("SELECT received_at, name, reason FROM " + aside + " WHERE month = ?");
        this.insertDuplicate = session.prepare("INSERT INTO " + duplicates + " (month, received_at, node, report_key,"
                + " report_id) VALUES (?, ?, ?, ?, ?) USING TTL ?");
        this.countDuplicates = session.prepare("SELECT COUNT(*) FROM " + duplicates + " WHERE month = ?");
    }

    @Override
    public Outcome store(ReceivedReport report, byte[] json, Instant receivedAt) throws IOException {
        String key = sha256(report.reportId().getBytes(StandardCharsets.UTF_8)) + "-" + sha256(json);
        try {
            ResultSet inserted = execute(insert.bind(report.day(), key, report.reportId(), ByteBuffer.wrap(json),
                    receivedAt, node, ttl(report.day(), receivedAt))
                    .setSerialConsistencyLevel(ConsistencyLevel.SERIAL));
            if (inserted.wasApplied()) {
                return Outcome.STORED;
            }
            LocalDate received = day(receivedAt);
            execute(insertDuplicate.bind(YearMonth.from(received).toString(), receivedAt, node, key,
                    report.reportId(), ttl(received, receivedAt)));
            return Outcome.DUPLICATE;
        } catch (DriverException | IllegalStateException e) {
            throw failed("the received report " + RemoteText.clean(report.reportId(), 256) + " cannot be stored", e);
        }
    }

    @Override
    public void keepAside(byte[] message, String reason, Instant receivedAt) throws IOException {
        String name = receivedAt.toString().replace(':', '-') + "-" + sha256(message) + ".eml";
        byte[] kept = message.length > MAX_MESSAGE_BYTES ? Arrays.copyOf(message, MAX_MESSAGE_BYTES) : message;
        LocalDate received = day(receivedAt);
        try {
            execute(insertAside.bind(YearMonth.from(received).toString(), receivedAt, name,
                    RemoteText.clean(reason, 2048), ByteBuffer.wrap(kept), (long) message.length, node,
                    ttl(received, receivedAt)));
        } catch (DriverException | IllegalStateException e) {
            throw failed("the set-aside report mail " + name + " cannot be stored", e);
        }
    }

    @Override
    public List<ReceivedReport> reports(LocalDate from, LocalDate to) throws IOException {
        List<ReceivedReport> out = new ArrayList<>();
        try {
            for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
                for (Row row : execute(selectDay.bind(day).setPageSize(PAGE_SIZE))) {
                    ByteBuffer json = row.getByteBuffer("json");
                    Parsed<ReceivedReport> parsed = parser.parseJson(json == null ? new byte[0] : bytes(json));
                    if (parsed.isValid()) {
                        out.add(parsed.value());
                    } else {
                        LOG.warn("MTA-STS: received report {} of {} in {} no longer parses, skipped: {}",
                                row.getString("report_key"), day, MtaStsTables.RECEIVED, parsed.describeErrors());
                    }
                }
            }
        } catch (DriverException | IllegalStateException e) {
            throw failed("the received reports of " + from + ".." + to + " cannot be read", e);
        }
        return out;
    }

    @Override
    public List<SetAside> setAside() throws IOException {
        List<SetAside> out = new ArrayList<>();
        try {
            for (YearMonth month : months()) {
                for (Row row : execute(selectAside.bind(month.toString()))) {
                    out.add(new SetAside(row.getString("name"), row.getInstant("received_at"),
                            row.getString("reason")));
                }
            }
        } catch (DriverException | IllegalStateException e) {
            throw failed("the set-aside report mails cannot be read", e);
        }
        return out;
    }

    @Override
    public long duplicates() throws IOException {
        long total = 0;
        try {
            for (YearMonth month : months()) {
                Row row = execute(countDuplicates.bind(month.toString())).one();
                total += row == null ? 0 : row.getLong(0);
            }
        } catch (DriverException | IllegalStateException e) {
            throw failed("the duplicate count cannot be read", e);
        }
        return total;
    }

    /** Nothing to do: every row carries its TTL. */
    @Override
    public int deleteBefore(LocalDate oldest) {
        return 0;
    }

    /**
     * Seconds until the end of {@code day} plus the retention, seen from {@code now}: at least 1 (a report already
     * past retention vanishes at once) and at most the retention plus two days (a report dated in the future).
     */
    int ttl(LocalDate day, Instant now) {
        Instant expiry = day.plusDays(retentionDays + 1L).atStartOfDay(ZoneOffset.UTC).toInstant();
        long seconds = Duration.between(now, expiry).getSeconds();
        return (int) Math.max(1, Math.min(seconds, Duration.ofDays(retentionDays + 2L).getSeconds()));
    }

    /** The months that may still hold rows: from the oldest day kept to today (UTC), oldest first. */
    private List<YearMonth> months() {
        LocalDate today = day(clock.instant());
        List<YearMonth> months = new ArrayList<>();
        for (YearMonth m = YearMonth.from(today.minusDays(retentionDays + 2L)); !m.isAfter(YearMonth.from(today));
                m = m.plusMonths(1)) {
            months.add(m);
        }
        return months;
    }

    private ResultSet execute(Statement<?> statement) {
        return session.execute(statement.setConsistencyLevel(ConsistencyLevel.QUORUM).setTimeout(timeout));
    }

    private static LocalDate day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    private static IOException failed(String what, Exception e) {
        return new IOException(what + " (Cassandra: " + e + ")", e);
    }

    private static String sha256(byte[] bytes) {
        try {
            StringBuilder hex = new StringBuilder();
            for (byte b : MessageDigest.getInstance("SHA-256").digest(bytes)) {
                hex.append(String.format("%02x", b));
            }
            return hex.substring(0, HASH_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
