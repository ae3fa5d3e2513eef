package dev.mtasts.james.webadmin;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import javax.inject.Inject;

import org.apache.james.webadmin.Constants;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.JsonTransformer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mtasts.core.tlsrpt.send.ReportDayJson;
import dev.mtasts.core.DomainName;
import dev.mtasts.core.tlsrpt.DomainDayTotals;
import dev.mtasts.core.tlsrpt.send.ReportArchive;
import dev.mtasts.core.tlsrpt.ReportFileName;
import dev.mtasts.core.tlsrpt.send.ReportStatus;
import dev.mtasts.core.tlsrpt.send.ReportStatusStore;
import dev.mtasts.core.tlsrpt.AggregateSource;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * WebAdmin routes over TLS reporting (RFC 8460): what the recorder counted and which reports were made and
 * sent.
 * <ul>
 * <li>{@code GET /mta-sts/reports}: {@code {"days": [...]}}, every UTC day with counted sessions, report files
 * or delivery statuses, oldest first, each as {@link ReportDayJson} describes.</li>
 * <li>{@code GET /mta-sts/reports/YYYY-MM-DD}: that day alone (empty lists for a day without data); 400 for a
 * day not written {@code YYYY-MM-DD}.</li>
 * </ul>
 * Counts are the live totals (this node's; with store=cassandra every node's, summed); today's grow as mail is
 * delivered; files and statuses are read from
 * the data directory at each request. A directory that cannot be read gives 500 with James's error shape.
 * Read-only and thread-safe.
 */
public final class MtaStsReportRoutes implements Routes {
    static final String BASE_PATH = "/mta-sts/reports";

    private final AggregateSource recorder;
    private final ReportArchive archive;
    private final ReportStatusStore statuses;
    private final JsonTransformer json;
    private final ObjectMapper mapper = new ObjectMapper();
    private final ReportDayJson documents = new ReportDayJson(mapper);

    @Inject
    public MtaStsReportRoutes(AggregateSource recorder, ReportArchive archive, ReportStatusStore statuses,
            JsonTransformer json) {
        this.recorder = recorder;
        this.archive = archive;
        this.statuses = statuses;
        this.json = json;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH, this::days, json);
        service.get(BASE_PATH + "/" + PathParameters.DAY, this::oneDay, json);
    }

    private Object days(Request request, Response response) {
        try {
            TreeSet<LocalDate> days = new TreeSet<>(recorder.days());
            List<ReportFileName> files = archive.list();
            List<ReportStatus> all = statuses.listAll();
            files.forEach(file -> days.add(file.day()));
            all.forEach(status -> days.add(status.day()));
            ObjectNode root = mapper.createObjectNode();
            ArrayNode list = root.putArray("days");
            for (LocalDate day : days) {
                list.add(day(day, files, all));
            }
            response.type(Constants.JSON_CONTENT_TYPE);
            return root;
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    private Object oneDay(Request request, Response response) {
        LocalDate day = PathParameters.day(request);
        try {
            ObjectNode document = day(day, archive.list(day), statuses.list(day));
            response.type(Constants.JSON_CONTENT_TYPE);
            return document;
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    /** {@code files} and {@code all}: of any days; only those of {@code day} are shown. */
    private ObjectNode day(LocalDate day, List<ReportFileName> files, List<ReportStatus> all) {
        List<DomainDayTotals> totals = new ArrayList<>();
        for (DomainName domain : recorder.domains(day)) {
            recorder.summary(day, domain).ifPresent(summary -> totals.add(DomainDayTotals.of(summary)));
        }
        return documents.day(day, totals, files, all);
    }

    private static RuntimeException unreadable(IOException e) {
        return ErrorResponder.builder()
            .statusCode(500)
            .type(ErrorResponder.ErrorType.SERVER_ERROR)
            .message("The TLS-RPT files cannot be read: %s", e.getMessage())
            .cause(e)
            .haltError();
    }
}
