package dev.mtasts.core;

import static dev.mtasts.core.PropertyRun.forAll;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mtasts.core.PropertyRun.Generator;

/** Properties of {@link RemoteText}, the boundary every remote string passes: caps hold, controls never pass. */
class RemoteTextProperties {
    private static final String CONTROLS = "[\\x00-\\x1f\\x7f\\x80-\\x9f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069"
            + "\\u200e\\u200f\\ufeff]";
    private static final Generator<String> REMOTE = HostileInputs.oneOf(HostileInputs.anyText(3000),
            HostileInputs.specialText(600));

    @Test
    void cleanTextIsCappedAndHasNoControlCharacters() {
        forAll("clean", r -> List.of(REMOTE.next(r), Integer.toString(16 + r.nextInt(2000))), input -> {
            int max = Integer.parseInt(input.get(1));
            String cleaned = RemoteText.clean(input.get(0), max);

            assertThat(cleaned.length()).isLessThanOrEqualTo(max);
            assertThat(cleaned).doesNotContainPattern(CONTROLS);
            assertThat(RemoteText.clean(cleaned, max)).isEqualTo(cleaned); // cleaning twice changes nothing
        });
    }

    @Test
    void shortPrintableTextIsKeptAsItIs() {
        Generator<String> printable = r -> {
            StringBuilder out = new StringBuilder();
            for (int i = r.nextInt(1001); i > 0; i--) {
                out.append((char) (' ' + r.nextInt(95)));
            }
            return out.toString();
        };
        forAll("printable kept", printable, text -> assertThat(RemoteText.clean(text, 1000)).isEqualTo(text));
    }

    @Test
    void anAnnouncedHostNameIsAValidHostNameOrNothing() {
        forAll("host name", HostileInputs.oneOf(REMOTE, HostileInputs.hostName()), text ->
                RemoteText.hostName(text).ifPresent(name -> {
                    assertThat(name.length()).isLessThanOrEqualTo(RemoteText.HOST_NAME_MAX);
                    assertThat(name).doesNotContainPattern(CONTROLS).doesNotContain(" ");
                }));
    }

    @Test
    void listsShowTheFirstFewAndCountTheRest() {
        forAll("first of", HostileInputs.listOf(HostileInputs.anyText(300), 0, 40), items -> {
            String shown = RemoteText.firstOf(items, RemoteText.LIST_FIRST, 100);

            assertThat(shown.length()).isLessThanOrEqualTo(RemoteText.LIST_FIRST * 102 + 30);
            if (items.size() > RemoteText.LIST_FIRST) {
                assertThat(shown).endsWith("; and " + (items.size() - RemoteText.LIST_FIRST) + " more");
            }
        });
    }
}
