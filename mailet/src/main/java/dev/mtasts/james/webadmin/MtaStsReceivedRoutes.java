package dev.mtasts.james.webadmin;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.apache.james.webadmin.Constants;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.JsonTransformer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.received.ReceivedDomainDay;
import dev.mtasts.core.received.ReceivedReportStore;
import dev.mtasts.core.received.ReceivedTotals;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * WebAdmin routes over the TLS reports other senders sent us (RFC 8460), as kept by the
 * {@code IngestTlsRptReport} mailet:
 * <ul>
 * <li>{@code GET /mta-sts/received?days=30}: every own domain reported on in the last {@code days} UTC days
 * (1 to 366, default 30), each with its totals, a link to a fresh {@code check} of the domain, and per day
 * the sessions by result type and by reporter and the failure details ({@link ReceivedJson}); plus how many
 * report mails were kept aside unreadable (with the latest reasons) and how many duplicates were dropped.</li>
 * <li>{@code GET /mta-sts/received/DOMAIN?days=30}: one domain (no days when nothing was reported).</li>
 * </ul>
 * Read from the store at each request; 500 with James's error shape when it cannot be read. Read-only and
 * thread-safe.
 */
public final class MtaStsReceivedRoutes implements Routes {
    static final String BASE_PATH = "/mta-sts/received";
    private static final int LATEST_SET_ASIDE = 10;

    private final ReceivedReportStore store;
    private final Clock clock;
    private final JsonTransformer json;
    private final ObjectMapper mapper = new ObjectMapper();
    private final ReceivedJson documents = new ReceivedJson(mapper);

    @Inject
    public MtaStsReceivedRoutes(ReceivedReportStore store, Clock clock, JsonTransformer json) {
        this.store = store;
        this.clock = clock;
        this.json = json;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH, this::all, json);
        service.get(BASE_PATH + "/" + PathParameters.DOMAIN, this::oneDomain, json);
    }

    private Object all(Request request, Response response) {
        DayWindow window = DayWindow.of(request, clock);
        try {
            ObjectNode root = window(window);
            ArrayNode domains = root.putArray("domains");
            byDomain(window).forEach((domain, days) -> domains.add(documents.domain(domain, days)));
            List<ReceivedReportStore.SetAside> setAside = store.setAside();
            root.put("set_aside", setAside.size());
            ArrayNode latest = root.putArray("set_aside_latest");
            for (int i = setAside.size() - 1; i >= 0 && i >= setAside.size() - LATEST_SET_ASIDE; i--) {
                ObjectNode entry = latest.addObject();
                entry.put("file", setAside.get(i).name());
                entry.put("received_at", setAside.get(i).receivedAt().toString());
                entry.put("reason", setAside.get(i).reason());
            }
            root.put("duplicates", store.duplicates());
            response.type(Constants.JSON_CONTENT_TYPE);
            return root;
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    private Object oneDomain(Request request, Response response) {
        DomainName domain = PathParameters.domain(request);
        DayWindow window = DayWindow.of(request, clock);
        try {
            List<ReceivedDomainDay> days = byDomain(window).getOrDefault(domain, List.of());
            ObjectNode root = window(window);
            root.setAll(documents.domain(domain, days));
            response.type(Constants.JSON_CONTENT_TYPE);
            return root;
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    private ObjectNode window(DayWindow window) {
        ObjectNode root = mapper.createObjectNode();
        root.put("from", window.from().toString());
        root.put("to", window.to().toString());
        return root;
    }

    /** The window's reports added up, by domain (sorted) then day. */
    Map<DomainName, List<ReceivedDomainDay>> byDomain(DayWindow window) throws IOException {
        Map<DomainName, List<ReceivedDomainDay>> out = new LinkedHashMap<>();
        for (ReceivedDomainDay day : ReceivedTotals.of(store.reports(window.from(), window.to()))) {
            out.computeIfAbsent(day.domain(), d -> new ArrayList<>()).add(day);
        }
        return out;
    }

    static RuntimeException unreadable(IOException e) {
        return ErrorResponder.builder()
            .statusCode(500)
            .type(ErrorResponder.ErrorType.SERVER_ERROR)
            .message("The received TLS reports cannot be read: %s", e.getMessage())
            .cause(e)
            .haltError();
    }
}
