package dev.mtasts.core.diagnostics;

import java.util.Objects;
import java.util.Optional;

/** A step's verdict together with what later steps need from it (the TXT record, the policy, ...). */
final class Checked<T> {
    private final CheckStep step;
    private final T value;

    private Checked(CheckStep step, T value) {
        this.step = Objects.requireNonNull(step);
        this.value = value;
    }

    static <T> Checked<T> of(CheckStep step, T value) {
        return new Checked<>(step, value);
    }

    /** A step that yields nothing for later steps (they are skipped). */
    static <T> Checked<T> failed(CheckStep step) {
        return new Checked<>(step, null);
    }

    CheckStep step() {
        return step;
    }

    /** Present when later steps may use it: the step passed or only warned. */
    Optional<T> value() {
        return Optional.ofNullable(value);
    }
}
