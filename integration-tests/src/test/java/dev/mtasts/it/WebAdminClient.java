package dev.mtasts.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls James's WebAdmin API on 127.0.0.1. Thread-safe. Throws {@link IOException} on network trouble. */
final class WebAdminClient {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    WebAdminClient(int port) {
        this.port = port;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> putJson(String path, String json) throws IOException, InterruptedException {
        return client.send(request(path).header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path) throws IOException, InterruptedException {
        return client.send(request(path).POST(HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return client.send(request(path).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Creates a local user; fails unless WebAdmin answers 204. */
    void createUser(String address, String password) throws IOException, InterruptedException {
        HttpResponse<String> response = putJson("/users/" + address, "{\"password\":\"" + password + "\"}");
        if (response.statusCode() != 204) {
            throw new IOException("PUT /users/" + address + " answered " + response.statusCode() + ": "
                + response.body());
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10));
    }
}
