package dev.mtasts.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mtasts.core.delivery.SmtpSettings;
import dev.mtasts.core.diagnostics.CheckReport;
import dev.mtasts.core.diagnostics.CheckReportJson;
import dev.mtasts.core.diagnostics.CheckSettings;
import dev.mtasts.core.diagnostics.DomainCheck;
import dev.mtasts.core.dns.DnsJavaResolver;
import dev.mtasts.core.dns.ResolverSettings;
import dev.mtasts.core.fetch.FetchSettings;
import dev.mtasts.core.tls.CertificateVerifier;
import dev.mtasts.core.tls.TrustSettings;
import dev.mtasts.core.tls.TrustStoreException;

/**
 * {@code check DOMAIN [options]}: walks the domain's MTA-STS set-up as a sending server does
 * ({@link DomainCheck}: TXT record, policy host, HTTPS, HTTP, policy file, MX hosts against the policy,
 * STARTTLS on each MX, TLS-RPT record) and prints each step's verdict with one line of cause and one of fix,
 * or with {@code --json} the same as one JSON document ({@link CheckReportJson}). No mail is sent.
 *
 * <p>Options: {@code --resolver IP[:PORT]} (repeatable; default the system's resolvers), {@code --trust-store
 * FILE [--trust-store-password P]} (PKCS12/JKS; default the JDK's roots), {@code --timeout} the policy fetch
 * timeout (default 30s; connect at most 10s of it), {@code --dns-timeout} per query (default 5s),
 * {@code --smtp-timeout} (default 30s; connect at most 10s), {@code --smtp-port} (default 25),
 * {@code --https-port} (default 443; for test set-ups only), {@code --helo} (default localhost),
 * {@code --no-smtp} (skip step 7).
 *
 * <p>Exit code: 0 every step passed, 1 warnings only, 2 a step failed, 3 usage error (message on stderr).
 * Holds only its clock, so thread-safe.
 */
public final class CheckCommand implements Command {
    /** Every step passed. */
    static final int ALL_PASSED = CheckReportJson.ALL_PASSED;
    /** Some step warned, none failed. */
    static final int WARNINGS = CheckReportJson.WARNINGS;
    /** Some step failed. */
    static final int FAILURES = CheckReportJson.FAILURES;
    /** The command line was wrong, or the trust store unusable. */
    private static final Duration MAX_CONNECT = Duration.ofSeconds(10);

    private final Clock clock;

    public CheckCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String synopsis() {
        return CheckOptions.SYNOPSIS;
    }

    @Override
    public String description() {
        return "walk DOMAIN's MTA-STS set-up as a sending server does and name the broken step and its fix"
                + " (exit 0 pass, 1 warnings, 2 failures, 3 usage)";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        CheckOptions options;
        DomainCheck check;
        try {
            options = CheckOptions.parse(args);
            if (options.help) {
                out.println("usage: check " + synopsis());
                out.println(description());
                return ALL_PASSED;
            }
            check = domainCheck(options);
        } catch (UsageException e) {
            err.println("check: " + e.getMessage());
            err.println("usage: check " + synopsis());
            return USAGE;
        }
        CheckReport report = check.check(options.domain);
        int code = CheckReportJson.exitCode(report);
        if (options.json) {
            out.println(CheckReportJson.write(report, new ObjectMapper()));
        } else {
            CheckReportText.print(report, out);
        }
        return code;
    }

    private DomainCheck domainCheck(CheckOptions options) throws UsageException {
        ResolverSettings.Builder resolver = ResolverSettings.builder().timeout(options.dnsTimeout);
        options.resolvers.forEach(resolver::server);
        TrustSettings trust;
        try {
            trust = options.trustStore == null ? TrustSettings.jdkDefault()
                    : TrustSettings.fromFile(options.trustStore, options.trustStorePassword);
        } catch (TrustStoreException e) {
            throw new UsageException(e.getMessage());
        }
        FetchSettings fetch = FetchSettings.defaults().withPort(options.httpsPort)
                .withTotalTimeout(options.fetchTimeout).withConnectTimeout(min(options.fetchTimeout, MAX_CONNECT));
        CheckSettings settings = CheckSettings.defaults().withFetch(fetch);
        settings = options.smtp ? settings.withSmtp(new SmtpSettings(options.helo, options.smtpPort,
                min(options.smtpTimeout, MAX_CONNECT), options.smtpTimeout)) : settings.withoutSmtp();
        return new DomainCheck(new DnsJavaResolver(resolver.build()), new CertificateVerifier(trust, clock), settings,
                clock);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
