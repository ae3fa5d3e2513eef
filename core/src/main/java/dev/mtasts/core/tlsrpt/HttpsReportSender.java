package dev.mtasts.core.tlsrpt;

import java.io.IOException;
import java.net.URI;
import java.util.Objects;

import javax.net.ssl.SSLContext;

import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;

/**
 * Sends report files to {@code https:} rua destinations (RFC 8460 §5.3.2): a POST with
 * {@code Content-Type: application/tlsrpt+gzip}; only a 2xx status counts as delivered. Redirects are not
 * followed, the HTTP client does not retry by itself (retries are {@link ReportDelivery}'s), connect and
 * response timeouts come from {@link ReportSettings}, the server certificate is checked against the given
 * trust (JDK default unless an {@link SSLContext} is configured) with host name verification on.
 * Thread-safe; {@link #close()} releases the connection pool.
 */
public final class HttpsReportSender implements ReportSender, AutoCloseable {
    static final ContentType TLSRPT_GZIP = ContentType.create("application/tlsrpt+gzip");

    private final CloseableHttpClient client;

    public HttpsReportSender(ReportSettings settings) {
        SSLContext trust = settings.sslContext().orElseGet(HttpsReportSender::jdkDefault);
        ConnectionConfig connection = ConnectionConfig.custom()
                .setConnectTimeout(Timeout.of(settings.httpsConnectTimeout()))
                .setSocketTimeout(Timeout.of(settings.httpsResponseTimeout()))
                .build();
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setTlsSocketStrategy(new DefaultClientTlsStrategy(trust))
                        .setDefaultConnectionConfig(connection)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(settings.httpsResponseTimeout()))
                        .setRedirectsEnabled(false)
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .build();
    }

    private static SSLContext jdkDefault() {
        try {
            return SSLContext.getDefault();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no default TLS context", e);
        }
    }

    @Override
    public ReportUri.Scheme scheme() {
        return ReportUri.Scheme.HTTPS;
    }

    @Override
    public DeliveryOutcome send(ReportUri destination, ReportDocument document) {
        Objects.requireNonNull(destination);
        URI uri;
        try {
            uri = URI.create(destination.uri());
        } catch (IllegalArgumentException e) {
            return DeliveryOutcome.failed(destination + " is not a usable URI: " + e.getMessage());
        }
        HttpPost post = new HttpPost(uri);
        post.setEntity(new ByteArrayEntity(document.gzip(), TLSRPT_GZIP));
        try {
            int status = client.execute(post, response -> {
                EntityUtils.consume(response.getEntity());
                return response.getCode();
            });
            // RFC 8460 §5.3.2: a 2xx answer means the report was received; anything else is a failure
            if (status >= 200 && status < 300) {
                return DeliveryOutcome.delivered();
            }
            return DeliveryOutcome.failed("POST " + destination + " answered HTTP " + status
                    + (status >= 300 && status < 400 ? " (redirects are not followed)" : ""));
        } catch (IOException | RuntimeException e) {
            return DeliveryOutcome.failed("POST " + destination + " failed: " + e);
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
