package dev.mtasts.james.webadmin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

import javax.inject.Inject;

import org.apache.james.webadmin.Constants;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.JsonTransformer;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mtasts.core.received.ReceivedReportStore;
import dev.mtasts.core.tlsrpt.record.TlsRptRecorder;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * A read-only page with plots, served by WebAdmin (so WebAdmin's access control applies to it):
 * <ul>
 * <li>{@code GET /mta-sts/dashboard}: the page ({@code text/html});</li>
 * <li>{@code GET /mta-sts/dashboard/assets/NAME}: its script and style sheet, and uPlot's (bundled in the jar
 * from the {@code org.webjars.npm:uplot} WebJar; no CDN); any other name is 404;</li>
 * <li>{@code GET /mta-sts/dashboard/data?days=30}: the plotted data as JSON ({@link DashboardJson}).</li>
 * </ul>
 * Every answer carries a Content-Security-Policy that allows scripts, styles and requests only from this
 * origin (no inline script, nothing remote), {@code nosniff} and no framing. The page's script inserts every
 * value as text, never as HTML: report content is remote-controlled. Thread-safe.
 */
public final class MtaStsDashboardRoutes implements Routes {
    static final String BASE_PATH = "/mta-sts/dashboard";
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
        + " img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    /** The uPlot WebJar's files, at the version the mailet pom bundles (DashboardAssetsTest checks they exist). */
    static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";
    private static final String OWN = "dev/mtasts/james/webadmin/dashboard/";
    private static final String JS = "text/javascript; charset=utf-8";
    private static final String CSS = "text/css; charset=utf-8";
    static final Map<String, String[]> ASSETS = Map.of(
        "dashboard.js", new String[] {OWN + "dashboard.js", JS},
        "dashboard.css", new String[] {OWN + "dashboard.css", CSS},
        "uPlot.iife.min.js", new String[] {UPLOT + "uPlot.iife.min.js", JS},
        "uPlot.min.css", new String[] {UPLOT + "uPlot.min.css", CSS});

    private final TlsRptRecorder outbound;
    private final ReceivedReportStore inbound;
    private final Clock clock;
    private final JsonTransformer json;
    private final DashboardJson documents = new DashboardJson(new ObjectMapper());

    @Inject
    public MtaStsDashboardRoutes(TlsRptRecorder outbound, ReceivedReportStore inbound, Clock clock,
            JsonTransformer json) {
        this.outbound = outbound;
        this.inbound = inbound;
        this.clock = clock;
        this.json = json;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH, this::page);
        service.get(BASE_PATH + "/assets/:name", this::asset);
        service.get(BASE_PATH + "/data", this::data, json);
    }

    private Object page(Request request, Response response) {
        secure(response, "text/html; charset=utf-8");
        return resource(OWN + "index.html");
    }

    private Object asset(Request request, Response response) {
        String[] asset = ASSETS.get(request.params(":name"));
        if (asset == null) {
            throw PathParameters.notFound("No dashboard asset named '%s'", request.params(":name"));
        }
        secure(response, asset[1]);
        return resource(asset[0]);
    }

    private Object data(Request request, Response response) {
        DayWindow window = DayWindow.of(request, clock);
        try {
            Object document = documents.document(window, outbound, inbound);
            secure(response, Constants.JSON_CONTENT_TYPE);
            response.header("Cache-Control", "no-store");
            return document;
        } catch (IOException e) {
            throw MtaStsReceivedRoutes.unreadable(e);
        }
    }

    private static void secure(Response response, String type) {
        response.type(type);
        response.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.header("X-Content-Type-Options", "nosniff");
        response.header("X-Frame-Options", "DENY");
        response.header("Referrer-Policy", "no-referrer");
    }

    /** A text resource of the plugin's jar; a missing one is a packaging error. */
    static String resource(String path) {
        try (InputStream in = MtaStsDashboardRoutes.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("the plugin jar lacks " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
