package dev.mtasts.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import javax.mail.Address;
import javax.mail.Message;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import com.sun.mail.smtp.SMTPTransport;

/**
 * Hands messages to James over SMTP as relaying clients on 127.0.0.1 do: {@code connections} JavaMail sessions
 * in parallel, each sending its share of the messages over one connection. A message James refuses ends the
 * run with the exception. Not thread-safe itself; one call at a time.
 */
final class BenchSubmitter implements AutoCloseable {
    private static final String BODY;

    static {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            text.append("Line ").append(i).append(" of a benchmark message of about one kilobyte, plain text.\r\n");
        }
        BODY = text.toString();
    }

    private final int port;
    private final int connections;
    private final ExecutorService pool;

    BenchSubmitter(int port, int connections) {
        this.port = port;
        this.connections = connections;
        this.pool = Executors.newFixedThreadPool(connections);
    }

    /** Sends {@code count} messages from {@code from} to {@code to}; returns once James accepted all of them. */
    void submit(int count, String from, String to, String tag) throws Exception {
        submit(count, from, List.of(to), tag);
    }

    /** Sends {@code count} messages, message i to {@code to[i % n]} (round robin); returns once all accepted. */
    void submit(int count, String from, List<String> to, String tag) throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            done.add(pool.submit(() -> {
                send(next, count, from, to, tag);
                return null;
            }));
        }
        for (Future<?> future : done) {
            future.get();
        }
    }

    private void send(AtomicInteger next, int count, String from, List<String> to, String tag) throws Exception {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", "127.0.0.1");
        properties.put("mail.smtp.port", Integer.toString(port));
        properties.put("mail.smtp.localhost", "client.bench.test");
        properties.put("mail.smtp.from", from);
        Session session = Session.getInstance(properties);
        List<Address[]> byIndex = new ArrayList<>();
        for (String recipient : to) {
            byIndex.add(new Address[] {new InternetAddress(recipient)});
        }
        try (SMTPTransport transport = (SMTPTransport) session.getTransport("smtp")) {
            transport.connect();
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                Address[] recipients = byIndex.get(i % byIndex.size());
                MimeMessage message = new MimeMessage(session);
                message.setFrom(new InternetAddress(from));
                message.setRecipients(Message.RecipientType.TO, recipients);
                message.setSubject(tag + " " + i);
                message.setText(BODY);
                message.saveChanges();
                transport.sendMessage(message, recipients);
            }
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
