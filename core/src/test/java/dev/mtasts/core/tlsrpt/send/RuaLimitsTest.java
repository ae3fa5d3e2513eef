package dev.mtasts.core.tlsrpt.send;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mtasts.core.tlsrpt.ReportUri;
import dev.mtasts.core.tlsrpt.TlsRptTxtParser;
import dev.mtasts.testkit.io.Stderr;
import dev.mtasts.core.DomainName;

/** A rua naming too many destinations (issue 8, "hostile world"): five mailboxes and five https endpoints at most. */
class RuaLimitsTest {
    private static final String MANY = "v=TLSRPTv1; rua=mailto:a@x.test,mailto:b@x.test%2Cc@x.test,"
            + "mailto:d@x.test%2Ce@x.test%2Cf@x.test,mailto:g@x.test,"
            + "https://r1.x.test/,https://r2.x.test/,https://r3.x.test/,https://r4.x.test/,https://r5.x.test/,"
            + "https://r6.x.test/";

    @Test
    void shouldKeepFiveMailboxesAndFiveEndpointsAndWarnAboutTheRest() {
        MapDnsResolver dns = new MapDnsResolver().txt("_smtp._tls.many.test", MANY);
        TlsRptTxtLookup.Destinations[] found = new TlsRptTxtLookup.Destinations[1];

        String log = Stderr.of(() -> found[0] = new TlsRptTxtLookup(dns).destinations(DomainName.of("many.test")));

        List<ReportUri> kept = found[0].uris();
        assertThat(kept).extracting(ReportUri::uri).containsExactly("mailto:a@x.test", "mailto:b@x.test%2Cc@x.test",
                "mailto:d@x.test%2Ce@x.test", "https://r1.x.test/", "https://r2.x.test/", "https://r3.x.test/",
                "https://r4.x.test/", "https://r5.x.test/");
        assertThat(kept).flatExtracting(ReportUri::mailboxes).hasSize(5);
        assertThat(log).contains("WARN").contains("many.test").contains("3 of them get no report")
                .contains("f@x.test; g@x.test; https://r6.x.test/");
    }

    @Test
    void shouldRewriteACutMailtoSoThatReadingItBackGivesOnlyTheKeptMailboxes() {
        ReportUri cut = RuaLimits.cap(List.of(TlsRptTxtParser.parseUri(
                "mailto:a@x.test%2Cb@x.test%2Cc@x.test%2Cd@x.test%2Ce@x.test%2Cf@x.test").value())).kept.get(0);

        assertThat(TlsRptTxtParser.parseUri(cut.uri()).value().mailboxes())
                .containsExactly("a@x.test", "b@x.test", "c@x.test", "d@x.test", "e@x.test");
    }
}
