package dev.mtasts.james.webadmin;

import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mtasts.core.Failure;
import dev.mtasts.core.cache.CachedPolicy;
import dev.mtasts.core.cache.PolicyLookup;
import dev.mtasts.core.policy.MxPattern;

/**
 * The JSON documents of the policy routes:
 * <pre>
 * policy: {"domain": "example.com", "mode": "enforce", "id": "20240101", "fetched": "2026-11-28T10:00:00Z",
 *          "expires": "2026-12-05T10:00:00Z", "max_age": 604800, "mx": ["mx1.example.com", "*.example.net"],
 *          "last_refresh_error": {"result_type": "sts-policy-fetch-error", "code": "...", "sentence": "..."}}
 * lookup: {"domain": "example.com", "kind": "policy" | "no_policy" | "temporarily_unknown",
 *          "policy": {...}, "failure": {"result_type": ..., "code": ..., "sentence": ...}}
 * </pre>
 * {@code last_refresh_error}, {@code policy} and {@code failure} are left out when absent. Times are ISO-8601
 * UTC instants. Stateless and thread-safe.
 */
final class PolicyJson {
    private final ObjectMapper mapper;

    PolicyJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ObjectNode policy(CachedPolicy cached, Optional<Failure> lastRefreshError) {
        ObjectNode node = mapper.createObjectNode();
        node.put("domain", cached.domain().asciiName());
        node.put("mode", cached.policy().mode().text());
        node.put("id", cached.id());
        node.put("fetched", cached.fetchedAt().toString());
        node.put("expires", cached.expiresAt().toString());
        node.put("max_age", cached.policy().maxAgeSeconds());
        ArrayNode mx = node.putArray("mx");
        for (MxPattern pattern : cached.policy().mxPatterns()) {
            mx.add(pattern.text());
        }
        lastRefreshError.ifPresent(failure -> node.set("last_refresh_error", failure(failure)));
        return node;
    }

    ObjectNode lookup(String domain, PolicyLookup lookup, Optional<Failure> lastRefreshError) {
        ObjectNode node = mapper.createObjectNode();
        node.put("domain", domain);
        node.put("kind", lookup.kind().name().toLowerCase(Locale.ROOT));
        lookup.policy().ifPresent(policy -> node.set("policy", policy(policy, lastRefreshError)));
        lookup.failure().ifPresent(failure -> node.set("failure", failure(failure)));
        return node;
    }

    ObjectNode failure(Failure failure) {
        ObjectNode node = mapper.createObjectNode();
        node.put("result_type", failure.resultType().wireName());
        node.put("code", failure.code());
        node.put("sentence", failure.sentence());
        return node;
    }
}
