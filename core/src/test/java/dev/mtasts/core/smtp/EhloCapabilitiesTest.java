package dev.mtasts.core.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class EhloCapabilitiesTest {
    @Test
    void shouldReadTheExtensionsThisClientUses() {
        EhloCapabilities capabilities = EhloCapabilities.parse(new SmtpReply(250, List.of("Mx1.Example.COM Hello",
                "PIPELINING", "SIZE 10240000", "8BITMIME", "starttls", "SMTPUTF8", "ENHANCEDSTATUSCODES")), true);

        assertThat(capabilities.serverName()).contains("mx1.example.com");
        assertThat(capabilities.startTls()).isTrue();
        assertThat(capabilities.pipelining()).isTrue();
        assertThat(capabilities.sizeLimit()).hasValue(10240000);
        assertThat(capabilities.eightBitMime()).isTrue();
        assertThat(capabilities.smtpUtf8()).isTrue();
    }

    @Test
    void shouldOfferNothingWhenTheReplyListsNothing() {
        EhloCapabilities capabilities = EhloCapabilities.parse(new SmtpReply(250, List.of("mx.example.com")), true);

        assertThat(capabilities.startTls()).isFalse();
        assertThat(capabilities.pipelining()).isFalse();
        assertThat(capabilities.sizeLimit()).isEmpty();
    }

    @Test
    void shouldTakeNoExtensionsFromAHeloReply() {
        EhloCapabilities capabilities = EhloCapabilities.parse(new SmtpReply(250, List.of("mx.example.com",
                "STARTTLS")), false);

        assertThat(capabilities.startTls()).isFalse();
    }

    @Test
    void shouldDropANameThatIsNoHostName() {
        assertThat(EhloCapabilities.parse(new SmtpReply(250, List.of("n".repeat(300))), true).serverName()).isEmpty();
        assertThat(EhloCapabilities.parse(new SmtpReply(250, List.of("bad\u0007name hi")), true).serverName())
                .isEmpty();
        assertThat(EhloCapabilities.parse(new SmtpReply(250, List.of("SIZE 0")), true).sizeLimit()).isEmpty();
    }
}
