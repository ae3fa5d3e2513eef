package dev.mtasts.core.diagnostics;

/** The verdict on one step of the check, from best to worst, and SKIPPED for a step that could not run. */
public enum CheckStatus {
    /** The step is as a sender needs it. */
    PASS,
    /** A sender gets what it needs, but something is fragile or not as recommended. */
    WARN,
    /** A sender fails here: the policy is not found, not applied, or mail would not be delivered. */
    FAIL,
    /** The step depends on one that failed, so it was not run. */
    SKIPPED
}
