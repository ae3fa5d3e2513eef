package dev.mtasts.core.tlsrpt.send;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.mtasts.core.tlsrpt.ReportUri;

/**
 * Caps the destinations one policy domain's {@code rua} can name: at most {@link ReportSettings#MAX_MAILBOXES}
 * mailboxes over all its {@code mailto:} URIs and at most {@link ReportSettings#MAX_HTTPS_ENDPOINTS}
 * {@code https:} URIs, in the record's order. RFC 8460 sets no limit; without one, a domain could make this
 * server mail or POST its reports to hundreds of addresses. A {@code mailto:} URI cut in the middle is
 * rewritten to name only the mailboxes kept. Pure; stateless.
 */
final class RuaLimits {
    private RuaLimits() {
    }

    /** The destinations kept and those dropped (as URIs or mailboxes). Immutable. */
    static final class Capped {
        final List<ReportUri> kept;
        final List<String> dropped;

        Capped(List<ReportUri> kept, List<String> dropped) {
            this.kept = List.copyOf(kept);
            this.dropped = List.copyOf(dropped);
        }
    }

    static Capped cap(List<ReportUri> rua) {
        List<ReportUri> kept = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        int mailboxes = 0;
        int https = 0;
        for (ReportUri uri : rua) {
            if (uri.scheme() == ReportUri.Scheme.HTTPS) {
                if (https < ReportSettings.MAX_HTTPS_ENDPOINTS) {
                    kept.add(uri);
                    https++;
                } else {
                    dropped.add(uri.uri());
                }
                continue;
            }
            int room = ReportSettings.MAX_MAILBOXES - mailboxes;
            List<String> boxes = uri.mailboxes();
            if (boxes.size() <= room) {
                kept.add(uri);
                mailboxes += boxes.size();
            } else {
                if (room > 0) {
                    List<String> fitting = boxes.subList(0, room);
                    kept.add(ReportUri.mailto(mailtoUri(fitting), fitting));
                    mailboxes += room;
                }
                dropped.addAll(boxes.subList(Math.max(room, 0), boxes.size()));
            }
        }
        return new Capped(kept, dropped);
    }

    /** RFC 8460 §3 / RFC 6068: a mailto: URI for {@code mailboxes}, "," and anything unusual percent-encoded. */
    static String mailtoUri(List<String> mailboxes) {
        StringBuilder out = new StringBuilder("mailto:");
        for (int i = 0; i < mailboxes.size(); i++) {
            if (i > 0) {
                out.append("%2C");
            }
            for (byte b : mailboxes.get(i).getBytes(StandardCharsets.UTF_8)) {
                char c = (char) (b & 0xff);
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "@.-_+=~".indexOf(c) >= 0) {
                    out.append(c);
                } else {
                    out.append('%').append(String.format("%02X", b & 0xff));
                }
            }
        }
        return out.toString();
    }
}
