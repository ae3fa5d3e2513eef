package dev.mtasts.core.delivery;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.mtasts.core.Failure;

/**
 * One delivery attempt to one MX address (or the decision not to contact an MX at all): how far it got,
 * how the session was secured, and the TLS-RPT failure it implies, if any. Every attempt is handed to the
 * results sink. Immutable.
 */
public final class AttemptResult {
    /** How far the attempt got. */
    public enum Outcome {
        /** The MX accepted the message for at least one recipient (see {@link #recipients()}). */
        DELIVERED,
        /** The session reached the mail transaction but the MX accepted no recipient. */
        REJECTED,
        /** RFC 8461 §5 enforce: not contacted, the host matches none of the policy's mx patterns. */
        NOT_CONTACTED,
        /** STARTTLS missing or certificate invalid under enforce: aborted before MAIL FROM. */
        TLS_FAILED,
        /** DNS, TCP, greeting, EHLO or TLS handshake trouble unrelated to the policy. */
        CONNECTION_FAILED
    }

    private final MxCandidate mx;
    private final InetAddress address;
    private final InetAddress localAddress;
    private final Instant time;
    private final Outcome outcome;
    private final Failure tlsFailure;
    private final Failure noStartTls;
    private final TlsDetails tls;
    private final String serverName;
    private final String detail;
    private final List<RecipientOutcome> recipients;
    private final boolean greeted;
    private final boolean reusedSession;

    private AttemptResult(Builder builder) {
        this.mx = Objects.requireNonNull(builder.mx);
        this.address = builder.address;
        this.localAddress = builder.localAddress;
        this.time = Objects.requireNonNull(builder.time);
        this.outcome = Objects.requireNonNull(builder.outcome);
        this.tlsFailure = builder.tlsFailure;
        this.noStartTls = builder.noStartTls;
        this.tls = builder.tls;
        this.serverName = builder.serverName;
        this.detail = Objects.requireNonNull(builder.detail);
        this.recipients = List.copyOf(builder.recipients);
        this.greeted = builder.greeted;
        this.reusedSession = builder.reusedSession;
    }

    public static Builder builder(MxCandidate mx, Instant time) {
        return new Builder(mx, time);
    }

    public MxCandidate mx() {
        return mx;
    }

    /** The address connected to; empty when the MX was not contacted or did not resolve. */
    public Optional<InetAddress> address() {
        return Optional.ofNullable(address);
    }

    /** The local address the session went out from ({@code sending-mta-ip}); empty when not connected. */
    public Optional<InetAddress> localAddress() {
        return Optional.ofNullable(localAddress);
    }

    public Instant time() {
        return time;
    }

    public Outcome outcome() {
        return outcome;
    }

    /**
     * The failure TLS-RPT reports for this session ({@code starttls-not-supported}, {@code certificate-*},
     * {@code validation-failure}); present also in testing mode when the message was delivered anyway.
     */
    public Optional<Failure> tlsFailure() {
        return Optional.ofNullable(tlsFailure);
    }

    /**
     * Present when the MX went on without TLS because its EHLO answer did not offer STARTTLS, it refused
     * STARTTLS or it refused EHLO: RFC 8460 §4.3.1 {@code starttls-not-supported}, decided by the attempt from
     * the EHLO capabilities whatever the policy mode (TLS-RPT counts it under no-policy-found too).
     */
    public Optional<Failure> noStartTls() {
        return Optional.ofNullable(noStartTls);
    }

    /** Protocol and cipher suite of the TLS session; empty for plaintext or when none was established. */
    public Optional<TlsDetails> tls() {
        return Optional.ofNullable(tls);
    }

    /** The name the MX gave in its EHLO reply ({@code receiving-mx-helo}), when it got that far. */
    public Optional<String> serverName() {
        return Optional.ofNullable(serverName);
    }

    /** A sentence saying what happened, for the log and the DSN. */
    public String detail() {
        return detail;
    }

    /** Per-recipient results once the session reached RCPT TO; empty otherwise. */
    public List<RecipientOutcome> recipients() {
        return recipients;
    }

    /**
     * True when the MX sent a greeting: the session counts against the round's session limit (as Postfix's
     * {@code smtp_mx_session_limit}, sessions that failed to connect or to greet do not count).
     */
    public boolean greeted() {
        return greeted;
    }

    /**
     * True when the attempt ran over a session an earlier attempt opened (and TLS-RPT already counted: RFC 8460
     * §4.4 counts sessions, not messages); its TLS details and failure are that session's.
     */
    public boolean reusedSession() {
        return reusedSession;
    }

    /** True once the MX has answered the mail transaction: its verdict stands for this round. */
    public boolean reachedTransaction() {
        return outcome == Outcome.DELIVERED || outcome == Outcome.REJECTED;
    }

    @Override
    public String toString() {
        return mx.host() + (address != null ? " [" + address.getHostAddress() + "]" : "") + " " + outcome
                + (tls != null ? " " + tls : " no-tls") + (tlsFailure != null ? " " + tlsFailure : "") + ": " + detail;
    }

    /** Builds an {@link AttemptResult}. */
    public static final class Builder {
        private final MxCandidate mx;
        private final Instant time;
        private InetAddress address;
        private InetAddress localAddress;
        private Outcome outcome;
        private Failure tlsFailure;
        private Failure noStartTls;
        private TlsDetails tls;
        private String serverName;
        private String detail = "";
        private List<RecipientOutcome> recipients = List.of();
        private boolean greeted;
        private boolean reusedSession;

        private Builder(MxCandidate mx, Instant time) {
            this.mx = mx;
            this.time = time;
        }

        public Builder address(InetAddress value) {
            this.address = value;
            return this;
        }

        public Builder localAddress(InetAddress value) {
            this.localAddress = value;
            return this;
        }

        public Builder outcome(Outcome value, String sentence) {
            this.outcome = value;
            this.detail = sentence;
            return this;
        }

        public Builder tlsFailure(Failure value) {
            this.tlsFailure = value;
            return this;
        }

        /** See {@link AttemptResult#noStartTls()}. */
        public Builder noStartTls(Failure value) {
            this.noStartTls = value;
            return this;
        }

        public Builder tls(TlsDetails value) {
            this.tls = value;
            return this;
        }

        /** The EHLO name; kept only when it is a valid host name of at most 255 octets (else dropped). */
        public Builder serverName(String value) {
            this.serverName = dev.mtasts.core.RemoteText.hostName(value).orElse(null);
            return this;
        }

        public Builder recipients(List<RecipientOutcome> value) {
            this.recipients = value;
            return this;
        }

        public Builder greeted(boolean value) {
            this.greeted = value;
            return this;
        }

        public Builder reusedSession(boolean value) {
            this.reusedSession = value;
            return this;
        }

        public AttemptResult build() {
            return new AttemptResult(this);
        }
    }
}
