package dev.mtasts.core.tlsrpt.send;

import java.time.LocalDate;

import dev.mtasts.core.DomainName;

/**
 * Decides, for nodes that share their TLS-RPT counts, which one node builds and sends the report of one policy
 * domain for one UTC day, so that the domain receives exactly one report per day from the whole cluster (RFC
 * 8460 §4.1 asks for one report per policy domain per period from a sending organisation).
 *
 * <p>A claim is a lease that expires unless the holder confirms it before its first send; a confirmed claim
 * never expires. So a node that dies before sending lets another node take over, and a report that was (or
 * may have been) sent is never sent by a second node. Implementations are thread-safe and never throw: when
 * the shared store cannot answer, {@link #claim} and {@link #confirm} say {@code UNKNOWN} and the caller tries
 * again later.
 */
public interface ReportLeases {
    /** The answer to a claim or confirmation. */
    enum Answer {
        /** This node holds the lease: go on. */
        MINE,
        /** Another node holds it (or held it and confirmed): leave the report to that node. */
        OTHER,
        /** The shared store did not answer: try again later. */
        UNKNOWN
    }

    /** Asks to build the report of {@code domain} for {@code day}; repeated claims by the holder say MINE. */
    Answer claim(LocalDate day, DomainName domain);

    /**
     * Called before each send: MINE when this node still holds the lease, which is then made permanent, so
     * that no other node ever builds or sends this report.
     */
    Answer confirm(LocalDate day, DomainName domain);
}
