package dev.mtasts.james.webadmin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import javax.inject.Inject;

import org.apache.james.webadmin.Constants;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.JsonTransformer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.cache.CachedPolicy;
import dev.mtasts.core.cache.PolicyLookup;
import dev.mtasts.core.cache.PolicyService;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * WebAdmin routes over the plugin's policy cache ({@link PolicyService}), added to James through
 * {@code conf/webadmin.properties}:
 * <pre>
 * extensions.routes=dev.mtasts.james.webadmin.MtaStsPolicyRoutes,dev.mtasts.james.webadmin.MtaStsCheckRoutes,\
 *   dev.mtasts.james.webadmin.MtaStsReportRoutes
 * </pre>
 * <ul>
 * <li>{@code GET /mta-sts/policies}: every cached policy, sorted by domain (see {@link PolicyJson}).</li>
 * <li>{@code GET /mta-sts/policies/DOMAIN}: one cached policy; 404 when none is cached.</li>
 * <li>{@code POST /mta-sts/policies/DOMAIN/refresh}: queries the TXT record now and fetches the policy if its
 * id changed ({@link PolicyService#recheck}), as a sender does before giving up on a message (RFC 8461
 * §5.1); answers the resulting lookup: kind, policy, failure. Safe: a failed refresh never drops a valid
 * cached policy.</li>
 * <li>{@code DELETE /mta-sts/policies/DOMAIN}: evicts the cached policy; 204, or 404 when none is cached.</li>
 * </ul>
 * A domain that is not a valid domain name gives 400. Errors have James's WebAdmin shape
 * ({@code statusCode}, {@code type}, {@code message}, {@code details}).
 *
 * <p><b>Eviction re-opens the trust-on-first-use window.</b> A cached policy is what protects mail to the
 * domain from an attacker who strips the TXT record or blocks the policy host (RFC 8461 §3.3, §10.2): once
 * it is evicted, the next delivery discovers the policy afresh and, if an attacker controls the path at that
 * moment, delivers as if the domain had no policy. The route is kept because there is no other remedy when a
 * domain published an enforce policy by mistake with a long {@code max_age} and cannot serve a corrected one
 * (RFC 8461 §8.3 expects domains to publish {@code mode: none} instead, which a refresh picks up: try
 * {@code POST .../refresh} first). WebAdmin has no authentication in the sample configuration and must stay
 * bound to 127.0.0.1: whoever reaches it can weaken the protection of any domain.
 *
 * <p>Instantiated by James's injector with the extension modules, so it shares the plugin's singletons.
 * Thread-safe: all state lives in the {@link PolicyService}.
 */
public final class MtaStsPolicyRoutes implements Routes {
    static final String BASE_PATH = "/mta-sts/policies";
    private static final String ONE = BASE_PATH + "/" + PathParameters.DOMAIN;

    private final PolicyService policies;
    private final JsonTransformer json;
    private final ObjectMapper mapper = new ObjectMapper();
    private final PolicyJson documents = new PolicyJson(mapper);

    @Inject
    public MtaStsPolicyRoutes(PolicyService policies, JsonTransformer json) {
        this.policies = policies;
        this.json = json;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH, this::list, json);
        service.get(ONE, this::one, json);
        service.post(ONE + "/refresh", this::refresh, json);
        service.delete(ONE, this::evict);
    }

    private Object list(Request request, Response response) {
        List<CachedPolicy> cached = new ArrayList<>(policies.cachedPolicies());
        cached.sort(Comparator.comparing(CachedPolicy::domain));
        ArrayNode list = mapper.createArrayNode();
        for (CachedPolicy policy : cached) {
            list.add(documents.policy(policy, policies.lastRefreshError(policy.domain())));
        }
        response.type(Constants.JSON_CONTENT_TYPE);
        return list;
    }

    private Object one(Request request, Response response) {
        DomainName domain = PathParameters.domain(request);
        CachedPolicy policy = policies.cached(domain)
            .orElseThrow(() -> PathParameters.notFound("No MTA-STS policy of %s is cached", domain.asciiName()));
        response.type(Constants.JSON_CONTENT_TYPE);
        return documents.policy(policy, policies.lastRefreshError(domain));
    }

    private Object refresh(Request request, Response response) {
        DomainName domain = PathParameters.domain(request);
        PolicyLookup lookup = policies.recheck(domain);
        response.type(Constants.JSON_CONTENT_TYPE);
        return documents.lookup(domain.asciiName(), lookup, policies.lastRefreshError(domain));
    }

    private Object evict(Request request, Response response) {
        DomainName domain = PathParameters.domain(request);
        if (policies.cached(domain).isEmpty()) {
            throw PathParameters.notFound("No MTA-STS policy of %s is cached", domain.asciiName());
        }
        policies.evict(domain);
        response.status(204);
        return Constants.EMPTY_BODY;
    }
}
