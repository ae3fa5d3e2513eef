package dev.mtasts.james;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.Parsed;
import dev.mtasts.core.cache.PolicyLookup;
import dev.mtasts.core.cache.PolicyService;
import dev.mtasts.core.policy.PolicyMode;

/**
 * Matches the recipients whose domain has a valid MTA-STS policy (RFC 8461) in the given mode.
 *
 * <p>Condition: {@code enforce}, {@code testing}, or empty for both. A domain whose policy has mode
 * {@code none} has no active policy (§5) and never matches. With a warm cache the match does no I/O; with a
 * cold cache it waits for the domain's TXT lookup and policy fetch (bounded by their timeouts; concurrent
 * mails to one domain share one lookup). DNS or HTTPS trouble with nothing cached means "no policy"
 * (§3.3), never an exception.
 *
 * <pre>{@code
 * <mailet match="dev.mtasts.james.HasMtaStsPolicy=enforce" class="ToProcessor">
 *   <processor>mta-sts-enforced</processor>
 * </mailet>
 * }</pre>
 */
public class HasMtaStsPolicy extends GenericMatcher {
    private final PolicyService policies;
    private Set<PolicyMode> modes;

    @Inject
    public HasMtaStsPolicy(PolicyService policies) {
        this.policies = policies;
    }

    @Override
    public void init() throws MessagingException {
        String condition = getCondition() == null ? "" : getCondition().trim().toLowerCase(Locale.ROOT);
        switch (condition) {
            case "":
                modes = EnumSet.of(PolicyMode.ENFORCE, PolicyMode.TESTING);
                break;
            case "enforce":
                modes = EnumSet.of(PolicyMode.ENFORCE);
                break;
            case "testing":
                modes = EnumSet.of(PolicyMode.TESTING);
                break;
            default:
                throw new MessagingException("HasMtaStsPolicy: the condition '" + getCondition()
                        + "' is not allowed; use enforce, testing, or no condition for both");
        }
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        Map<String, Boolean> byDomain = new HashMap<>();
        List<MailAddress> matched = new ArrayList<>();
        for (MailAddress recipient : mail.getRecipients()) {
            String domain = recipient.getDomain().asString();
            if (byDomain.computeIfAbsent(domain, this::hasPolicyInMode)) {
                matched.add(recipient);
            }
        }
        return matched;
    }

    private boolean hasPolicyInMode(String domain) {
        Parsed<DomainName> name = DomainName.parse(domain);
        if (!name.isValid()) {
            return false;
        }
        PolicyLookup lookup = policies.lookup(name.value());
        return lookup.hasPolicy() && modes.contains(lookup.policy().get().policy().mode());
    }

    @Override
    public String getMatcherInfo() {
        return "Matches recipients whose domain publishes an MTA-STS policy (RFC 8461)";
    }
}
