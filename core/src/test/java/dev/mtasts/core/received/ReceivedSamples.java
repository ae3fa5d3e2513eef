package dev.mtasts.core.received;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/**
 * Reports shaped like the ones large receivers send, written for these tests from RFC 8460 §4 and the public
 * descriptions of those senders (not copies of real reports).
 */
final class ReceivedSamples {
    /** A big mailbox provider's daily report: gzipped, whole seconds, sts policy, no failures. */
    static final String MAILBOX_PROVIDER = "{\"organization-name\":\"Big Mailbox Provider Inc.\","
        + "\"date-range\":{\"start-datetime\":\"2026-11-28T00:00:00Z\",\"end-datetime\":\"2026-11-28T23:59:59Z\"},"
        + "\"contact-info\":\"smtp-tls-reporting@mailbox.example\",\"report-id\":\"2026-11-28T00:00:00Z_ours.test\","
        + "\"policies\":[{\"policy\":{\"policy-type\":\"sts\",\"policy-string\":[\"version: STSv1\",\"mode: enforce\","
        + "\"mx: mx1.ours.test\",\"max_age: 86400\"],\"policy-domain\":\"ours.test\",\"mx-host\":[\"mx1.ours.test\"]},"
        + "\"summary\":{\"total-successful-session-count\":1342,\"total-failure-session-count\":0}}]}";

    /**
     * An office suite's report: plain JSON, seven fractional digits, the policy could not be fetched (the
     * problem users start from: "policy is missing"), a failure-reason-code and an extra field.
     */
    static final String OFFICE_SUITE = "{\"organization-name\":\"Office Suite Corporation\","
        + "\"date-range\":{\"start-datetime\":\"2026-11-28T00:00:00.0000000Z\","
        + "\"end-datetime\":\"2026-11-28T23:59:59.9999999Z\"},\"contact-info\":\"tlsrpt-noreply@office.example\","
        + "\"report-id\":\"133777666555444333+ours.test\",\"x-vendor-extension\":{\"build\":42},"
        + "\"policies\":[{\"policy\":{\"policy-type\":\"no-policy-found\",\"policy-domain\":\"ours.test\"},"
        + "\"summary\":{\"total-successful-session-count\":0,\"total-failure-session-count\":17},"
        + "\"failure-details\":[{\"result-type\":\"sts-policy-fetch-error\",\"sending-mta-ip\":\"192.0.2.10\","
        + "\"receiving-mx-hostname\":\"mx1.ours.test\",\"failed-session-count\":17,"
        + "\"failure-reason-code\":\"policy is missing\"}]}]}";

    /** A regional provider's report: offset timestamps, two domains, STARTTLS failures, no organization-name. */
    static final String REGIONAL = "{\"date-range\":{\"start-datetime\":\"2026-11-28T01:00:00+01:00\","
        + "\"end-datetime\":\"2026-11-29T00:59:59+01:00\"},\"contact-info\":\"postmaster@regional.example\","
        + "\"report-id\":\"<r-1@regional.example>\",\"policies\":["
        + "{\"policy\":{\"policy-type\":\"sts\",\"policy-domain\":\"ours.test\",\"mx-host\":[\"*.ours.test\"]},"
        + "\"summary\":{\"total-successful-session-count\":10,\"total-failure-session-count\":3},"
        + "\"failure-details\":[{\"result-type\":\"starttls-not-supported\",\"receiving-ip\":\"198.51.100.7\","
        + "\"receiving-mx-hostname\":\"mx2.ours.test\",\"failed-session-count\":2},"
        + "{\"result-type\":\"certificate-expired\",\"receiving-mx-hostname\":\"mx1.ours.test\","
        + "\"failed-session-count\":1}]},"
        + "{\"policy\":{\"policy-type\":\"sts\",\"policy-domain\":\"OTHER.test.\"},"
        + "\"summary\":{\"total-successful-session-count\":5,\"total-failure-session-count\":0}}]}";

    private ReceivedSamples() {
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] gzip(String text) {
        return gzip(utf8(text));
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
