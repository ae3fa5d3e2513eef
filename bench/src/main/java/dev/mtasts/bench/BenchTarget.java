package dev.mtasts.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import dev.mtasts.testkit.smtp.PostfixServer;
import dev.mtasts.testkit.smtp.ReceivedMessage;
import dev.mtasts.testkit.smtp.TestSmtpSink;
import dev.mtasts.testkit.tls.TestCa;

/**
 * Where both deliveries of the throughput bench send their mail (127.0.0.1:25, STARTTLS with a test-CA
 * certificate): the in-process SubEthaSMTP sink, or a real Postfix ({@link PostfixServer}) whose delayed ACKs
 * and process-per-session behaviour are those of a production MTA.
 */
interface BenchTarget extends AutoCloseable {
    /** Messages that arrived so far. */
    int arrived();

    /** SMTP connections accepted so far. */
    int connections();

    /** Waits until {@code count} messages arrived in total; returns how many did. */
    int awaitArrived(int count, Duration timeout) throws InterruptedException;

    /** Throws when a message or session went without TLS (the comparison would be void); reports per domain. */
    void checkAllOverTls(BiConsumer<String, String> report);

    @Override
    void close();

    static BenchTarget start(String kind, String address, TestCa ca, List<String> domains) {
        TestCa.Leaf leaf = ca.leaf("localhost", "*.bench.test");
        switch (kind) {
            case "sink":
                return new Sink(TestSmtpSink.withStartTls(address, 25, leaf.serverContext(), "sink.bench.test"));
            case "postfix":
                return new Postfix(PostfixServer.start(address, 25, "localhost", domains, leaf));
            default:
                throw new IllegalArgumentException("target must be sink or postfix, not " + kind);
        }
    }

    /** The in-process sink. */
    final class Sink implements BenchTarget {
        private final TestSmtpSink sink;

        Sink(TestSmtpSink sink) {
            this.sink = sink;
        }

        @Override
        public int arrived() {
            return sink.messages().size();
        }

        @Override
        public int connections() {
            return sink.connectionCount();
        }

        @Override
        public int awaitArrived(int count, Duration timeout) throws InterruptedException {
            return sink.awaitMessages(count, timeout).size();
        }

        @Override
        public void checkAllOverTls(BiConsumer<String, String> report) {
            Map<String, long[]> byDomain = new java.util.TreeMap<>();
            for (ReceivedMessage message : sink.messages()) {
                String recipient = message.recipients().get(0);
                long[] counts = byDomain.computeIfAbsent(recipient.substring(recipient.indexOf('@') + 1).replaceAll(
                        "[0-9]+\\.", "N."), d -> new long[2]);
                counts[0]++;
                if (message.overTls()) {
                    counts[1]++;
                }
            }
            byDomain.forEach((domain, counts) -> report.accept(domain, counts[0] + " messages, " + counts[1]
                    + " over TLS"));
            byDomain.values().forEach(counts -> {
                if (counts[0] != counts[1]) {
                    throw new IllegalStateException("some messages arrived without TLS: the comparison is void");
                }
            });
        }

        @Override
        public void close() {
            sink.close();
        }

        @Override
        public String toString() {
            return "in-process STARTTLS sink " + sink.address();
        }
    }

    /** A real Postfix: arrivals counted in its Maildir, connections in its log ("connect from"). */
    final class Postfix implements BenchTarget {
        private final PostfixServer postfix;

        Postfix(PostfixServer postfix) {
            this.postfix = postfix;
        }

        @Override
        public int arrived() {
            return postfix.deliveredCount();
        }

        @Override
        public int connections() {
            return postfix.connectionCount();
        }

        @Override
        public int awaitArrived(int count, Duration timeout) {
            return postfix.awaitDelivered(count, timeout);
        }

        @Override
        public void checkAllOverTls(BiConsumer<String, String> report) {
            List<String> log = postfix.logLines();
            long connects = log.stream().filter(l -> l.contains("/smtpd[") && l.contains("]: connect from ")).count();
            long tls = log.stream().filter(l -> l.contains("TLS connection established from")).count();
            report.accept("postfix", postfix.deliveredCount() + " messages, " + connects + " sessions, " + tls
                    + " over TLS");
            if (tls != connects) {
                throw new IllegalStateException(connects - tls + " sessions without TLS: the comparison is void");
            }
        }

        @Override
        public void close() {
            postfix.close();
        }

        @Override
        public String toString() {
            return "real Postfix " + postfix.address() + " (" + postfix.directory() + ")";
        }
    }
}
