package dev.mtasts.cli;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.Parsed;
import dev.mtasts.core.dns.ResolverSettings;
import dev.mtasts.core.DurationText;

/**
 * The command line of {@code check}: {@code DOMAIN} and options that each take one value
 * ({@code --resolver} may repeat), flags {@code --no-smtp}, {@code --json}, {@code --help}. Durations are
 * written {@code 500ms}, {@code 30s}, {@code 2m}. Filled in by {@link #parse} and not changed after; not
 * thread-safe.
 */
final class CheckOptions {
    static final String SYNOPSIS = "DOMAIN [--resolver IP[:PORT]]... [--trust-store FILE [--trust-store-password P]]"
            + " [--timeout DURATION] [--dns-timeout DURATION] [--smtp-timeout DURATION] [--smtp-port N]"
            + " [--https-port N] [--helo NAME] [--no-smtp] [--json]";

    DomainName domain;
    final List<InetSocketAddress> resolvers = new ArrayList<>();
    Path trustStore;
    char[] trustStorePassword;
    Duration fetchTimeout = Duration.ofSeconds(30);
    Duration dnsTimeout = ResolverSettings.DEFAULT_TIMEOUT;
    Duration smtpTimeout = Duration.ofSeconds(30);
    int smtpPort = 25;
    int httpsPort = 443;
    String helo = "localhost";
    boolean smtp = true;
    boolean json;
    boolean help;

    private CheckOptions() {
    }

    /** @throws UsageException naming the option and what is wrong with its value */
    static CheckOptions parse(List<String> args) throws UsageException {
        CheckOptions options = new CheckOptions();
        List<String> positional = new ArrayList<>();
        boolean optionsEnded = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (optionsEnded) {
                positional.add(arg);
                continue;
            }
            switch (arg) {
                case "--":
                    optionsEnded = true;
                    break;
                case "--help":
                    options.help = true;
                    break;
                case "--json":
                    options.json = true;
                    break;
                case "--no-smtp":
                    options.smtp = false;
                    break;
                default:
                    if (arg.startsWith("-") && !arg.equals("-")) {
                        if (!isValued(arg)) {
                            throw new UsageException("unknown option '" + arg + "'");
                        }
                        if (i + 1 >= args.size()) {
                            throw new UsageException(arg + " needs a value");
                        }
                        options.set(arg, args.get(++i));
                    } else {
                        positional.add(arg);
                    }
            }
        }
        if (options.help) {
            return options;
        }
        if (positional.size() != 1) {
            throw new UsageException("give exactly one domain, e.g. 'check example.com'");
        }
        Parsed<DomainName> domain = DomainName.parse(positional.get(0));
        if (!domain.isValid()) {
            throw new UsageException(domain.errors().get(0).reason());
        }
        options.domain = domain.value();
        if (options.trustStorePassword != null && options.trustStore == null) {
            throw new UsageException("--trust-store-password needs --trust-store");
        }
        return options;
    }

    private static boolean isValued(String option) {
        return List.of("--resolver", "--trust-store", "--trust-store-password", "--timeout", "--dns-timeout",
                "--smtp-timeout", "--smtp-port", "--https-port", "--helo").contains(option);
    }

    private void set(String option, String value) throws UsageException {
        switch (option) {
            case "--resolver":
                Parsed<InetSocketAddress> server = ResolverSettings.parseServer(value);
                if (!server.isValid()) {
                    throw new UsageException("--resolver: " + server.errors().get(0).reason());
                }
                resolvers.add(server.value());
                break;
            case "--trust-store":
                trustStore = Paths.get(value);
                break;
            case "--trust-store-password":
                trustStorePassword = value.toCharArray();
                break;
            case "--timeout":
                fetchTimeout = duration(option, value, Duration.ofMinutes(10));
                break;
            case "--dns-timeout":
                dnsTimeout = duration(option, value, Duration.ofSeconds(60));
                break;
            case "--smtp-timeout":
                smtpTimeout = duration(option, value, Duration.ofMinutes(10));
                break;
            case "--smtp-port":
                smtpPort = port(option, value);
                break;
            case "--https-port":
                httpsPort = port(option, value);
                break;
            case "--helo":
                Parsed<DomainName> name = DomainName.parse(value);
                if (!name.isValid()) {
                    throw new UsageException("--helo: " + name.errors().get(0).reason());
                }
                helo = name.value().asciiName();
                break;
            default:
                throw new UsageException("unknown option '" + option + "'");
        }
    }

    private static Duration duration(String option, String value, Duration max) throws UsageException {
        Optional<Duration> parsed = DurationText.parse(value);
        if (parsed.isEmpty() || parsed.get().isZero() || parsed.get().compareTo(max) > 0) {
            throw new UsageException(option + " '" + value + "' is not a duration from 1ms to "
                    + DurationText.format(max) + " (e.g. 500ms, 30s, 2m)");
        }
        return parsed.get();
    }

    private static int port(String option, String value) throws UsageException {
        if (!value.matches("[0-9]{1,5}") || Integer.parseInt(value) < 1 || Integer.parseInt(value) > 65535) {
            throw new UsageException(option + " '" + value + "' is not a port from 1 to 65535");
        }
        return Integer.parseInt(value);
    }
}
