package dev.mtasts.core.smtp;

import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import dev.mtasts.core.RemoteText;

/**
 * What a positive EHLO reply says (RFC 5321 §4.1.1.1, §2.2.2): the server's name, kept only when it is a valid
 * host name of at most 255 octets, and the extensions this client uses. Pure and total. Immutable.
 */
public final class EhloCapabilities {
    private final String serverName;
    private final Set<String> keywords;
    private final long sizeLimit;

    private EhloCapabilities(String serverName, Set<String> keywords, long sizeLimit) {
        this.serverName = serverName;
        this.keywords = Set.copyOf(keywords);
        this.sizeLimit = sizeLimit;
    }

    /** The capabilities in a positive EHLO reply; a reply to HELO gives a name and no extensions. */
    public static EhloCapabilities parse(SmtpReply reply, boolean ehlo) {
        String first = reply.lines().get(0).trim();
        int space = first.indexOf(' ');
        String name = RemoteText.hostName(space < 0 ? first : first.substring(0, space)).orElse(null);
        Set<String> keywords = new HashSet<>();
        long size = 0;
        for (int i = 1; ehlo && i < reply.lines().size(); i++) {
            String[] words = reply.lines().get(i).trim().split("[ \t]+");
            String keyword = words[0].toUpperCase(Locale.ROOT);
            if (keyword.isEmpty() || keyword.length() > 64) {
                continue;
            }
            keywords.add(keyword);
            // RFC 1870 §4: "SIZE" [SP number]; 0 or no number announces no fixed limit.
            if (keyword.equals("SIZE") && words.length > 1 && words[1].matches("[0-9]{1,18}")) {
                size = Long.parseLong(words[1]);
            }
        }
        return new EhloCapabilities(name, keywords, size);
    }

    /** The server's name as the first word of the reply gave it, when it is a valid host name. */
    public Optional<String> serverName() {
        return Optional.ofNullable(serverName);
    }

    /** RFC 3207 §4. */
    public boolean startTls() {
        return keywords.contains("STARTTLS");
    }

    /** RFC 2920. */
    public boolean pipelining() {
        return keywords.contains("PIPELINING");
    }

    /** RFC 1870: the SIZE extension is offered (with or without a limit). */
    public boolean size() {
        return keywords.contains("SIZE");
    }

    /** RFC 1870: the largest message the server announced it accepts; empty when it announced none. */
    public OptionalLong sizeLimit() {
        return sizeLimit > 0 ? OptionalLong.of(sizeLimit) : OptionalLong.empty();
    }

    /** RFC 6152. */
    public boolean eightBitMime() {
        return keywords.contains("8BITMIME");
    }

    /** RFC 6531. */
    public boolean smtpUtf8() {
        return keywords.contains("SMTPUTF8");
    }

    @Override
    public String toString() {
        return (serverName == null ? "(no valid name)" : serverName) + " " + new java.util.TreeSet<>(keywords);
    }
}
