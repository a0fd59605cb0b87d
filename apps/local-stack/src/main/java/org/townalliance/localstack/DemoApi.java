package org.townalliance.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The demo loader's calls to the platform's API as one person (their bearer token); any refusal stops the demo. */
final class DemoApi {

    private final HttpClient http = HttpClient.newHttpClient();
    private final String token;

    DemoApi(String token) {
        this.token = token;
    }

    String send(String method, String url, String contentType, Object body) {
        var builder = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token);
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        var publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : body instanceof byte[] bytes ? HttpRequest.BodyPublishers.ofByteArray(bytes)
                : HttpRequest.BodyPublishers.ofString((String) body);
        try {
            var response = http.send(builder.method(method, publisher).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("demo " + method + " " + url + ": " + response.statusCode() + " " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String json(String method, String url, String body) {
        return send(method, url, "application/json", body);
    }
}
