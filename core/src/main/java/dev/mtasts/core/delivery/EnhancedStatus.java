package dev.mtasts.core.delivery;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.mtasts.core.delivery.RecipientOutcome.Status;

/** RFC 3463 enhanced status codes this plugin puts in DSNs. */
public final class EnhancedStatus {
    /** RFC 3463 X.7.5 cryptographic failure: TLS or certificate requirement of the policy not met. */
    public static final String TLS_POLICY = "4.7.5";
    /** RFC 7505 §4.2: the domain publishes a null MX. */
    public static final String NULL_MX = "5.1.10";
    /** RFC 3463 X.1.2: the destination domain does not exist. */
    public static final String NO_SUCH_DOMAIN = "5.1.2";
    /** RFC 3463 X.4.4: no route (no usable MX). */
    public static final String NO_ROUTE = "4.4.4";
    /** RFC 3463 X.4.1: no answer from host. */
    public static final String NO_ANSWER = "4.4.1";
    /** RFC 3463 X.4.3: directory server (DNS) failure. */
    public static final String DNS_FAILURE = "4.4.3";
    /** Delivered. */
    public static final String DELIVERED = "2.0.0";

    private static final Pattern REPLY = Pattern.compile("^\\s*([245])\\d\\d[ -]([245]\\.\\d{1,3}\\.\\d{1,3})\\b.*",
            Pattern.DOTALL);

    private EnhancedStatus() {
    }

    /** The enhanced code in an SMTP reply, else {@code X.0.0} with the class of {@code status}. */
    public static String fromReply(String reply, Status status) {
        Matcher m = reply == null ? null : REPLY.matcher(reply);
        if (m != null && m.matches()) {
            return m.group(2);
        }
        switch (status) {
            case DELIVERED:
                return DELIVERED;
            case PERMANENT_FAILURE:
                return "5.0.0";
            default:
                return "4.0.0";
        }
    }
}
