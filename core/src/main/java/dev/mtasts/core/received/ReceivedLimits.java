package dev.mtasts.core.received;

/**
 * How much of a received report the parser accepts: every byte of it is remote-controlled, so each
 * dimension is capped before it can cost memory or time. Immutable.
 *
 * @param maxInflatedBytes   the report JSON after gunzip (and as sent, when not compressed)
 * @param maxDepth           JSON nesting: objects and arrays inside each other (a report needs 5)
 * @param maxArrayItems      items of any one array (policies, failure details, policy strings, mx hosts)
 * @param maxMimeParts       MIME parts walked in one mail
 */
public final class ReceivedLimits {
    /** RFC 8460 §5 notes receivers often cap reports at about 10 MB: 10 MiB of JSON is generous. */
    public static final ReceivedLimits DEFAULTS = new ReceivedLimits(10L * 1024 * 1024, 16, 10_000, 64);

    private final long maxInflatedBytes;
    private final int maxDepth;
    private final int maxArrayItems;
    private final int maxMimeParts;

    public ReceivedLimits(long maxInflatedBytes, int maxDepth, int maxArrayItems, int maxMimeParts) {
        if (maxInflatedBytes < 1024 || maxDepth < 5 || maxArrayItems < 1 || maxMimeParts < 1) {
            throw new IllegalArgumentException("limits too small to hold any report");
        }
        this.maxInflatedBytes = maxInflatedBytes;
        this.maxDepth = maxDepth;
        this.maxArrayItems = maxArrayItems;
        this.maxMimeParts = maxMimeParts;
    }

    public long maxInflatedBytes() {
        return maxInflatedBytes;
    }

    public int maxDepth() {
        return maxDepth;
    }

    public int maxArrayItems() {
        return maxArrayItems;
    }

    public int maxMimeParts() {
        return maxMimeParts;
    }
}
