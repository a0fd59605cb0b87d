package org.townalliance.platform;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A person's console session over plain HTTP, from a loopback address of its own and with a browser's user agent:
 * the authorization-code login on Keycloak's real form, cookies kept, redirects followed hop by hop (each hop may
 * land on another replica behind the proxy), forms sent with their CSRF token. Where a browser cannot be told apart
 * from the proxy (Chromium always connects from 127.0.0.1), this shows whose address the platform records.
 */
final class ConsoleSession {

    private static final Pattern LOGIN_ACTION = Pattern.compile("id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final HttpClient http;
    private final String base;
    private final String userAgent;

    private ConsoleSession(String base, String fromAddress, String userAgent) {
        this.base = base;
        this.userAgent = userAgent;
        try {
            this.http = HttpClient.newBuilder().localAddress(InetAddress.getByName(fromAddress))
                    .cookieHandler(new CookieManager(new LocalhostIsSecure(), CookiePolicy.ACCEPT_ALL))
                    .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A browser that has not logged in (yet). */
    static ConsoleSession anonymous(String base, String fromAddress, String userAgent) {
        return new ConsoleSession(base, fromAddress, userAgent);
    }

    /** Logs in as {@code user} (password = user name) on Keycloak's page and lands on the console's home. */
    static ConsoleSession logIn(String base, String user, String fromAddress, String userAgent) {
        var session = new ConsoleSession(base, fromAddress, userAgent);
        var loginPage = session.get("/console");
        assertThat(loginPage.uri().toString()).as("sent to Keycloak's login page").contains("/protocol/openid-connect/auth");
        var action = LOGIN_ACTION.matcher(loginPage.body());
        assertThat(action.find()).as("Keycloak's login form").isTrue();
        var home = session.send(HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;", "&")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("username", user, "password", user, "credentialId", "")))));
        assertThat(home.statusCode()).as("after the login form, at %s: %s", home.uri(),
                home.body().substring(0, Math.min(600, home.body().length()))).isEqualTo(200);
        assertThat(home.uri().toString()).startsWith(base + "/console");
        return session;
    }

    /** GET, following redirects (an absolute path is the console's). */
    HttpResponse<String> get(String pathOrUrl) {
        return send(HttpRequest.newBuilder(uri(pathOrUrl)).GET());
    }

    /** A URL-encoded form as the page would send it: with the CSRF token read from {@code page}. */
    HttpResponse<String> submit(String path, HttpResponse<String> page, Map<String, String> fields) {
        var withToken = new java.util.LinkedHashMap<>(fields);
        withToken.put("_csrf", csrf(page));
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(withToken))));
    }

    /** A file chosen in a multipart form, with the page's CSRF token as a part. */
    HttpResponse<String> upload(String path, HttpResponse<String> page, String field, String fileName, String type, byte[] content) {
        var boundary = "----ps" + UUID.randomUUID().toString().replace("-", "");
        var body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + csrf(page) + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + fileName
                + "\"\r\nContent-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    /** A file as it downloads (no redirects expected). */
    HttpResponse<byte[]> download(String path) {
        return exchange(HttpRequest.newBuilder(uri(path)).header("User-Agent", userAgent).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /**
     * Keycloak's session cookies are {@code Secure}; browsers treat http://localhost as a secure origin and send them,
     * Java's cookie manager does not: the store keeps them as a browser would for localhost.
     */
    private static final class LocalhostIsSecure implements java.net.CookieStore {

        private final java.net.CookieStore cookies = new CookieManager().getCookieStore();

        @Override
        public void add(URI uri, java.net.HttpCookie cookie) {
            cookie.setSecure(false);
            cookies.add(uri, cookie);
        }

        @Override
        public java.util.List<java.net.HttpCookie> get(URI uri) {
            return cookies.get(uri);
        }

        @Override
        public java.util.List<java.net.HttpCookie> getCookies() {
            return cookies.getCookies();
        }

        @Override
        public java.util.List<URI> getURIs() {
            return cookies.getURIs();
        }

        @Override
        public boolean remove(URI uri, java.net.HttpCookie cookie) {
            return cookies.remove(uri, cookie);
        }

        @Override
        public boolean removeAll() {
            return cookies.removeAll();
        }
    }

    static String csrf(HttpResponse<String> page) {
        var token = CSRF.matcher(page.body());
        assertThat(token.find()).as("a CSRF token on " + page.uri()).isTrue();
        return token.group(1);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        var response = exchange(request.header("User-Agent", userAgent).header("Accept", "text/html")
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        for (int hop = 0; hop < 10 && response.statusCode() / 100 == 3; hop++) {
            var next = response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
            response = exchange(HttpRequest.newBuilder(next).header("User-Agent", userAgent).header("Accept", "text/html")
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        }
        return response;
    }

    /** Opens a server-sent event stream of the console; its lines come as they are sent; close the stream to end it. */
    HttpResponse<java.util.stream.Stream<String>> openStream(String path) {
        return exchange(HttpRequest.newBuilder(uri(path)).header("User-Agent", userAgent).header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofLines());
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return http.send(request, body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String pathOrUrl) {
        return URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : base + pathOrUrl);
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }
}
