package dev.mtasts.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ParsedTest {
    private static final ParseError WARNING = new ParseError(2, "the line is blank");
    private static final ParseError ERROR = new ParseError(3, "the mode is 'x'");

    @Test
    void shouldHaveNoWarningsWhenBuiltWithoutThem() {
        assertThat(Parsed.valid("v").warnings()).isEmpty();
        assertThat(Parsed.invalid(3, "bad").warnings()).isEmpty();
        assertThat(Parsed.invalid(List.of(ERROR)).warnings()).isEmpty();
    }

    @Test
    void shouldCarryWarningsWhenValueIsValid() {
        List<ParseError> warnings = new ArrayList<>(List.of(WARNING));
        Parsed<String> parsed = Parsed.valid("v", warnings);
        warnings.clear();

        assertThat(parsed.isValid()).isTrue();
        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.warnings()).containsExactly(WARNING);
    }

    @Test
    void shouldCarryWarningsWhenInputIsInvalid() {
        Parsed<String> parsed = Parsed.invalid(List.of(ERROR), List.of(WARNING));

        assertThat(parsed.isValid()).isFalse();
        assertThat(parsed.errors()).containsExactly(ERROR);
        assertThat(parsed.warnings()).containsExactly(WARNING);
        assertThat(parsed.describeErrors()).isEqualTo("line 3: the mode is 'x'");
    }

    @Test
    void shouldRefuseInvalidResultWithoutReasonEvenWithWarnings() {
        assertThatThrownBy(() -> Parsed.invalid(List.of(), List.of(WARNING)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
