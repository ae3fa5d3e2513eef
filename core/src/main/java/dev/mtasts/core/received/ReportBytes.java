package dev.mtasts.core.received;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

import dev.mtasts.core.Parsed;
import dev.mtasts.core.RemoteText;

/**
 * The report JSON inside a received attachment: gunzipped when the bytes start with the gzip magic number,
 * whatever the part's content type said (reporters label gzip as {@code application/json}, plain JSON as
 * {@code application/tlsrpt+gzip}), and never more than the limit once inflated: a gzip bomb is refused
 * after reading one byte past the cap. Pure and total. Stateless and thread-safe.
 */
final class ReportBytes {
    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;

    private ReportBytes() {
    }

    static boolean isGzip(byte[] raw) {
        return raw.length >= 2 && (raw[0] & 0xff) == GZIP_MAGIC_1 && (raw[1] & 0xff) == GZIP_MAGIC_2;
    }

    /** The JSON bytes, or why there are none. */
    static Parsed<byte[]> json(byte[] raw, ReceivedLimits limits) {
        if (raw.length == 0) {
            return Parsed.invalid(0, "the report attachment is empty");
        }
        if (!isGzip(raw)) {
            if (raw.length > limits.maxInflatedBytes()) {
                return Parsed.invalid(0, "the report is larger than " + limits.maxInflatedBytes() + " bytes");
            }
            return Parsed.valid(raw);
        }
        // RFC 8460 §5.3: the report SHOULD be gzipped (application/tlsrpt+gzip).
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[16 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > limits.maxInflatedBytes()) {
                    return Parsed.invalid(0, "the gzipped report inflates to more than " + limits.maxInflatedBytes()
                            + " bytes");
                }
                out.write(buffer, 0, n);
            }
            return Parsed.valid(out.toByteArray());
        } catch (IOException | RuntimeException e) {
            return Parsed.invalid(0, "the report is not a valid gzip stream: " + RemoteText.clean(e.getMessage(), 200));
        }
    }
}
