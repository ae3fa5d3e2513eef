package dev.mtasts.core.diagnostics;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import dev.mtasts.core.DomainName;

/** The result of checking one domain: its steps in walk order. Immutable. */
public final class CheckReport {
    private final DomainName domain;
    private final List<CheckStep> steps;

    public CheckReport(DomainName domain, List<CheckStep> steps) {
        this.domain = Objects.requireNonNull(domain);
        this.steps = List.copyOf(steps);
    }

    public DomainName domain() {
        return domain;
    }

    public List<CheckStep> steps() {
        return steps;
    }

    /** FAIL if any step failed, else WARN if any warned, else PASS; skipped steps do not count. */
    public CheckStatus overall() {
        CheckStatus worst = CheckStatus.PASS;
        for (CheckStep step : steps) {
            if (step.status() == CheckStatus.FAIL) {
                return CheckStatus.FAIL;
            }
            if (step.status() == CheckStatus.WARN) {
                worst = CheckStatus.WARN;
            }
        }
        return worst;
    }

    /** How many steps ended with {@code status}. */
    public long count(CheckStatus status) {
        return steps.stream().filter(s -> s.status() == status).count();
    }

    /** The steps numbered {@code number} (one, or one per MX host for steps 6 and 7). */
    public List<CheckStep> step(int number) {
        return steps.stream().filter(s -> s.number() == number).collect(Collectors.toList());
    }

    @Override
    public String toString() {
        return "CheckReport{" + domain + ", " + overall() + ", " + steps + "}";
    }
}
