package dev.mtasts.james.webadmin;

import java.time.Clock;

import javax.inject.Inject;

import org.apache.james.webadmin.Constants;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.JsonTransformer;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.delivery.SmtpSettings;
import dev.mtasts.core.diagnostics.CheckReportJson;
import dev.mtasts.core.diagnostics.CheckSettings;
import dev.mtasts.core.diagnostics.DomainCheck;
import dev.mtasts.core.dns.DnsResolver;
import dev.mtasts.core.fetch.FetchSettings;
import dev.mtasts.core.tls.CertificateVerifier;
import dev.mtasts.james.config.MtaStsConfiguration;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * {@code GET /mta-sts/check/DOMAIN}: walks the domain's MTA-STS set-up as this server's deliveries see it
 * ({@link DomainCheck}: TXT record, policy host, HTTPS, HTTP answer, policy file, MX hosts against the
 * policy, STARTTLS on each MX, TLS-RPT record) and answers the same JSON document as
 * {@code java -jar james-mta-sts-cli.jar check DOMAIN --json} ({@link CheckReportJson}), always with 200: a
 * failed step is a finding, not an error of the request. 400 for an invalid domain name.
 *
 * <p>It uses the plugin's own resolver ({@code dns.servers}), trust anchors ({@code trust.store.*}) and fetch
 * settings ({@code fetch.*}), so it concludes what the deliveries conclude; the STARTTLS probe connects to
 * port {@code check.smtp.port} (25) with HELO {@code localhost} and sends no mail. The walk does network I/O
 * and may take up to the sum of the timeouts. Does not touch the policy cache. Thread-safe.
 */
public final class MtaStsCheckRoutes implements Routes {
    static final String BASE_PATH = "/mta-sts/check";

    private final DomainCheck check;
    private final JsonTransformer json;
    private final ObjectMapper mapper = new ObjectMapper();

    @Inject
    public MtaStsCheckRoutes(DnsResolver resolver, CertificateVerifier verifier, FetchSettings fetch,
            MtaStsConfiguration configuration, Clock clock, JsonTransformer json) {
        SmtpSettings defaults = CheckSettings.defaults().smtp().orElseThrow();
        SmtpSettings smtp = new SmtpSettings(defaults.heloName(), configuration.checkSmtpPort(),
            defaults.connectTimeout(), defaults.readTimeout());
        this.check = new DomainCheck(resolver, verifier, CheckSettings.defaults().withFetch(fetch).withSmtp(smtp),
            clock);
        this.json = json;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH + "/" + PathParameters.DOMAIN, this::check, json);
    }

    private Object check(Request request, Response response) {
        DomainName domain = PathParameters.domain(request);
        response.type(Constants.JSON_CONTENT_TYPE);
        return CheckReportJson.tree(check.check(domain), mapper);
    }
}
