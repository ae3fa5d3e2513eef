package dev.mtasts.core.received;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.internet.ContentType;
import javax.mail.internet.MimeMessage;

import dev.mtasts.core.Parsed;
import dev.mtasts.core.RemoteText;

/**
 * Finds the report attachments of a TLS-RPT mail (RFC 8460 §5.3): a {@code multipart/report;
 * report-type=tlsrpt} whose report part is {@code application/tlsrpt+gzip} or {@code application/tlsrpt+json}.
 * Real reporters vary, so it also takes {@code application/json}, {@code application/gzip},
 * {@code application/octet-stream}, and any part (even {@code text/plain}) whose file name ends in
 * {@code .json} or {@code .json.gz}; the human-readable first part is skipped. At most
 * {@link ReceivedLimits#maxMimeParts()} parts are walked and each is read up to
 * {@link ReceivedLimits#maxInflatedBytes()}. Total: a list of attachments or the reason there is none.
 * Stateless and thread-safe.
 */
public final class ReportMailParts {
    private static final Set<String> REPORT_TYPES = Set.of("application/tlsrpt+gzip", "application/tlsrpt+json");
    private static final Set<String> LIKELY_TYPES = Set.of("application/json", "text/json", "application/gzip",
            "application/x-gzip", "application/octet-stream");

    private final ReceivedLimits limits;

    public ReportMailParts(ReceivedLimits limits) {
        this.limits = limits;
    }

    /**
     * Whether {@code message} says it is a TLS report: {@code multipart/report} with {@code report-type=tlsrpt},
     * or a part typed {@code application/tlsrpt+gzip} / {@code application/tlsrpt+json}. Never throws.
     */
    public boolean isReportMail(MimeMessage message) {
        try {
            ContentType type = new ContentType(message.getContentType());
            if (type.match("multipart/report") && "tlsrpt".equalsIgnoreCase(type.getParameter("report-type"))) {
                return true;
            }
            List<Part> parts = new ArrayList<>();
            leaves(message, parts, 0);
            for (Part part : parts) {
                if (REPORT_TYPES.contains(baseType(part))) {
                    return true;
                }
            }
            return false;
        } catch (MessagingException | IOException | RuntimeException e) {
            return false;
        }
    }

    /** The raw (still gzipped, if they were) bytes of every report attachment, in message order. */
    public Parsed<List<byte[]>> attachments(MimeMessage message) {
        List<Part> parts = new ArrayList<>();
        try {
            leaves(message, parts, 0);
            List<byte[]> found = new ArrayList<>();
            for (Part part : parts) {
                if (isReportPart(part)) {
                    found.add(read(part));
                }
            }
            if (found.isEmpty()) {
                return Parsed.invalid(0, "no report attachment (application/tlsrpt+gzip, application/tlsrpt+json,"
                        + " or a .json/.json.gz file) among " + parts.size() + " MIME parts");
            }
            return Parsed.valid(found);
        } catch (MessagingException | IOException | RuntimeException e) {
            return Parsed.invalid(0, "the mail cannot be read as MIME: " + RemoteText.clean(e.getMessage(), 200));
        }
    }

    private void leaves(Part part, List<Part> out, int depth) throws MessagingException, IOException {
        if (out.size() >= limits.maxMimeParts() || depth > 8) {
            return;
        }
        if (part.isMimeType("multipart/*")) {
            Object content = part.getContent();
            if (content instanceof Multipart) {
                Multipart multipart = (Multipart) content;
                for (int i = 0; i < multipart.getCount() && out.size() < limits.maxMimeParts(); i++) {
                    leaves(multipart.getBodyPart(i), out, depth + 1);
                }
            }
            return;
        }
        out.add(part);
    }

    private boolean isReportPart(Part part) throws MessagingException {
        String type = baseType(part);
        if (REPORT_TYPES.contains(type) || LIKELY_TYPES.contains(type)) {
            return true;
        }
        String name = fileName(part);
        return name.endsWith(".json") || name.endsWith(".json.gz") || name.endsWith(".gz");
    }

    private static String fileName(Part part) {
        try {
            String name = part.getFileName();
            return name == null ? "" : name.toLowerCase(Locale.ROOT).trim();
        } catch (MessagingException | RuntimeException e) {
            return "";
        }
    }

    private static String baseType(Part part) {
        try {
            return new ContentType(part.getContentType()).getBaseType().toLowerCase(Locale.ROOT);
        } catch (MessagingException | RuntimeException e) {
            return "";
        }
    }

    private byte[] read(Part part) throws MessagingException, IOException {
        try (InputStream in = part.getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[16 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > limits.maxInflatedBytes()) {
                    throw new IOException("a report attachment is larger than " + limits.maxInflatedBytes() + " bytes");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }
}
