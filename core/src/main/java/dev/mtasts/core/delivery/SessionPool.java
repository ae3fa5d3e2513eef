package dev.mtasts.core.delivery;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.mtasts.core.smtp.SmtpSession;

/**
 * Idle SMTP sessions kept for the next transaction to the same destination. A session is taken only for a
 * delivery under the very policy it was opened under: same {@link TlsMode}, same policy id, same MX name, same
 * address (so a session validated under testing or without a policy never carries enforce mail, and two MX names
 * sharing an address never share a session). Taking a destination's session under another policy retires every
 * idle session of that destination at once. Sessions past their certificate's notAfter, too old, or closed (idle
 * limit, server) are retired when met. Thread-safe.
 */
final class SessionPool implements AutoCloseable {
    private final SessionReuse reuse;
    private final Map<Destination, Deque<Idle>> idle = new HashMap<>();
    private boolean closed;

    SessionPool(SessionReuse reuse) {
        this.reuse = reuse;
    }

    /** The policy a session was validated under, and where it goes. */
    static final class Key {
        private final TlsMode mode;
        private final String policyId;
        private final Destination destination;

        Key(TlsMode mode, String policyId, String mxName, InetAddress address) {
            this.mode = Objects.requireNonNull(mode);
            this.policyId = Objects.requireNonNull(policyId);
            this.destination = new Destination(mxName, address);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && ((Key) o).mode == mode && ((Key) o).policyId.equals(policyId)
                    && ((Key) o).destination.equals(destination);
        }

        @Override
        public int hashCode() {
            return Objects.hash(mode, policyId, destination);
        }
    }

    private static final class Destination {
        private final String mxName;
        private final InetAddress address;

        Destination(String mxName, InetAddress address) {
            this.mxName = mxName;
            this.address = address;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Destination && ((Destination) o).mxName.equals(mxName)
                    && ((Destination) o).address.equals(address);
        }

        @Override
        public int hashCode() {
            return Objects.hash(mxName, address);
        }
    }

    /** An idle session and what its first attempt learnt about it. */
    static final class Idle {
        final Key key;
        final SmtpSession session;
        final SessionTrust trust;
        final AttemptResult first;
        final Instant certificateNotAfter;
        final long openedNanos;

        Idle(Key key, SmtpSession session, SessionTrust trust, AttemptResult first, Instant certificateNotAfter,
                long openedNanos) {
            this.key = key;
            this.session = session;
            this.trust = trust;
            this.first = first;
            this.certificateNotAfter = certificateNotAfter;
            this.openedNanos = openedNanos;
        }
    }

    /** A usable idle session for {@code key} at {@code now}, resumed; null when there is none. */
    Idle take(Key key, Instant now) {
        List<Idle> retired = new ArrayList<>();
        Idle found = null;
        synchronized (this) {
            Deque<Idle> queue = idle.get(key.destination);
            while (queue != null && !queue.isEmpty() && found == null) {
                Idle candidate = queue.pollFirst();
                if (!candidate.key.equals(key) || !fresh(candidate, now) || !candidate.session.resume()) {
                    retired.add(candidate);
                } else {
                    found = candidate;
                }
            }
            if (queue != null && found != null) {
                // another policy for this destination now: its sessions must not wait for a later match
                queue.removeIf(other -> !other.key.equals(key) && retired.add(other));
            }
            if (queue != null && queue.isEmpty()) {
                idle.remove(key.destination);
            }
        }
        retired.forEach(SessionPool::end);
        return found;
    }

    private boolean fresh(Idle candidate, Instant now) {
        boolean young = System.nanoTime() - candidate.openedNanos < reuse.maxAge().toNanos();
        boolean certificateValid = candidate.certificateNotAfter == null || now.isBefore(candidate.certificateNotAfter);
        return young && certificateValid && candidate.session.transactions() < reuse.transactions();
    }

    /** Keeps {@code entry} idle for the next transaction; false when it cannot be kept (the caller ends it). */
    boolean offer(Idle entry, Instant now) {
        if (!reuse.enabled() || !fresh(entry, now)) {
            return false;
        }
        synchronized (this) {
            Deque<Idle> queue = idle.computeIfAbsent(entry.key.destination, d -> new ArrayDeque<>());
            if (closed || queue.size() >= reuse.perDestination()) {
                return false;
            }
            entry.session.park(reuse.idle());
            queue.addFirst(entry);
            return true;
        }
    }

    /** Number of idle sessions kept (closed ones included until met). */
    synchronized int size() {
        return idle.values().stream().mapToInt(Deque::size).sum();
    }

    private static void end(Idle entry) {
        entry.session.quit();
        entry.session.close();
    }

    /** Ends every idle session (QUIT, close) and keeps no more. */
    @Override
    public void close() {
        List<Idle> all = new ArrayList<>();
        synchronized (this) {
            closed = true;
            idle.values().forEach(all::addAll);
            idle.clear();
        }
        for (Idle entry : all) {
            if (entry.session.resume()) {
                end(entry);
            } else {
                entry.session.close();
            }
        }
    }
}
