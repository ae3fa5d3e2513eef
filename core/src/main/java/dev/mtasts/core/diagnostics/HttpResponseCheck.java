package dev.mtasts.core.diagnostics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.Failure;
import dev.mtasts.core.fetch.FetchSettings;
import dev.mtasts.core.fetch.ObservedFetch;

/**
 * Step 4: the HTTP answer at the well-known path (RFC 8461 §3.3): status 200 (a redirect is shown with its
 * target, and is not followed), {@code text/plain}, the size against the limit, the time against the fetch
 * timeout; 404 and 403 get the different fixes they need (no file there, or a file the web server may not
 * read). Stateless.
 */
final class HttpResponseCheck {
    static final int NUMBER = 4;

    private HttpResponseCheck() {
    }

    /** The step, and the body for step 5 when the answer was one a sender accepts as a policy file. */
    static Checked<String> check(ObservedFetch fetch, DomainName domain, FetchSettings settings) {
        String title = "HTTP GET " + fetch.url();
        List<String> details = new ArrayList<>();
        fetch.status().ifPresent(s -> details.add("status: " + s));
        fetch.location().ifPresent(l -> details.add("Location: " + l));
        fetch.contentType().ifPresent(t -> details.add("Content-Type: " + t));
        fetch.bodyBytes().ifPresent(n -> details.add("body: " + n + " bytes (limit " + settings.maxBodyBytes() + ")"));
        details.add("time: " + fetch.elapsed().toMillis() + " ms (fetch timeout " + seconds(settings.totalTimeout())
                + ")");
        Optional<Failure> failure = fetch.result().failure();
        if (failure.isPresent() && !isContentFailure(failure.get())) {
            Failure f = failure.get();
            return Checked.failed(CheckStep.fail(NUMBER, title, f.code(), cause(f, fetch, settings),
                    fix(f, fetch, domain), details));
        }
        String summary = fetch.status().orElse(200) + ", " + fetch.contentType().orElse("?") + ", "
                + fetch.bodyBytes().orElse(0) + " bytes, " + fetch.elapsed().toMillis() + " ms";
        String body = fetch.body().orElse(null);
        if (fetch.elapsed().compareTo(settings.totalTimeout().dividedBy(2)) > 0) {
            return Checked.of(CheckStep.warn(NUMBER, title, summary, "the answer took " + fetch.elapsed().toMillis()
                    + " ms, more than half of the " + seconds(settings.totalTimeout()) + " fetch timeout; senders"
                    + " with shorter limits give up", "make the policy host answer quickly (a static file, no slow"
                    + " backend or proxy in front of it)", details), body);
        }
        return Checked.of(CheckStep.pass(NUMBER, title, summary, details), body);
    }

    /** A failure about the content (step 5's business): the HTTP exchange itself was fine. */
    private static boolean isContentFailure(Failure failure) {
        return failure.code().equals("policy-invalid") || failure.code().equals("policy-not-utf8");
    }

    private static String cause(Failure failure, ObservedFetch fetch, FetchSettings settings) {
        String code = failure.code();
        if (code.startsWith("http-redirect-")) {
            return fetch.url() + " answered " + fetch.status().orElse(0) + " redirecting to "
                    + fetch.location().orElse("(no Location)") + "; senders do not follow redirects (RFC 8461 §3.3)";
        }
        if (code.equals("http-status-404")) {
            return fetch.url() + " answered 404 Not Found: the web server has no file at /.well-known/mta-sts.txt";
        }
        if (code.equals("http-status-403")) {
            return fetch.url() + " answered 403 Forbidden: the file is there but the web server is not allowed to"
                    + " read or serve it";
        }
        if (code.equals("timeout")) {
            return fetch.url() + " did not answer within the " + seconds(settings.totalTimeout()) + " fetch timeout"
                    + " (TLS was up, the HTTP answer never completed)";
        }
        return failure.sentence();
    }

    private static String fix(Failure failure, ObservedFetch fetch, DomainName domain) {
        String code = failure.code();
        String host = "mta-sts." + domain.asciiName();
        if (code.startsWith("http-redirect-")) {
            return "serve the policy file directly at " + fetch.url() + " with status 200: exempt"
                    + " /.well-known/mta-sts.txt from redirect rules (e.g. to www or another host)";
        }
        if (code.equals("http-status-404")) {
            return "put the policy file at .well-known/mta-sts.txt under the document root of the " + host
                    + " site (check the document root, that the .well-known directory exists, and that the server"
                    + " does not hide dot-directories)";
        }
        if (code.equals("http-status-403")) {
            return "the web server cannot read the file: fix the permissions (e.g. chmod 644 mta-sts.txt, chmod 755"
                    + " .well-known, owner readable by the web server user) and allow access to .well-known in the"
                    + " server configuration";
        }
        if (code.equals("wrong-content-type")) {
            return "serve the file with Content-Type: text/plain (e.g. nginx 'default_type text/plain;' in its"
                    + " location, Apache 'AddType text/plain .txt')";
        }
        if (code.equals("body-too-large")) {
            return "serve only the policy file, a few hundred bytes: check that the URL returns the policy and not"
                    + " a web page or another file";
        }
        if (code.equals("timeout")) {
            return "make " + host + " answer promptly: serve the policy as a static file, check for a stalled"
                    + " backend or proxy";
        }
        return "make " + fetch.url() + " answer 200 with the policy file; the web server's error log says why not";
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.getSeconds() + " s" : duration.toMillis() + " ms";
    }
}
