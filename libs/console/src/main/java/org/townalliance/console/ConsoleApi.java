package org.townalliance.console;

import io.netty.channel.ChannelOption;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.townalliance.web.InternalCalls;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import java.util.List;
import java.util.Map;

/**
 * The console's way into the platform: the platform's own API, over loopback HTTP, with the signed-in
 * person's access token. The console therefore sees exactly what the person may see through the API,
 * never more; a refusal comes back as an {@link ApiProblem} carrying the API's problem detail.
 */
@Component
class ConsoleApi {

    private static final ParameterizedTypeReference<Map<String, Object>> OBJECT = new ParameterizedTypeReference<>() { };
    private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() { };
    private static final ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>> EVENT = new ParameterizedTypeReference<>() { };
    /** The comment the API's live stream opens with. */
    static final String CONNECTED = "connected";

    private final InternalCalls internalCalls;
    private volatile WebClient client;

    ConsoleApi(InternalCalls internalCalls) {
        this.internalCalls = internalCalls;
    }

    /** The API is this very process: learn its port once the server is up (the management server's event is not it). */
    @EventListener
    void serverStarted(WebServerInitializedEvent event) {
        if (!"".equals(java.util.Objects.toString(event.getApplicationContext().getServerNamespace(), ""))) {
            return;
        }
        var http = HttpClient.create().option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000);
        client = WebClient.builder().baseUrl("http://127.0.0.1:" + event.getWebServer().getPort())
                .clientConnector(new ReactorClientHttpConnector(http))
                .filter(this::onBehalfOfThePerson)
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(4 * 1024 * 1024))
                .build();
    }

    /**
     * The person's address and browser go with each call (the API believes X-Forwarded-For from loopback: see
     * TrustedProxies), and the call is marked as the console's own, so public rate limits count the person once.
     */
    private Mono<ClientResponse> onBehalfOfThePerson(ClientRequest request, ExchangeFunction next) {
        return Mono.deferContextual(context -> {
            var hop = PersonHop.of(context);
            var forwarded = ClientRequest.from(request).headers(headers -> {
                headers.set(InternalCalls.HEADER, internalCalls.secret());
                hop.map(PersonHop.Hop::address).ifPresent(address -> headers.set("X-Forwarded-For", address));
                hop.map(PersonHop.Hop::userAgent).ifPresent(agent -> headers.set(HttpHeaders.USER_AGENT, agent));
            }).build();
            return next.exchange(forwarded);
        });
    }

    Mono<Map<String, Object>> get(OAuth2AuthorizedClient person, String path, Object... variables) {
        return call(HttpMethod.GET, person, null, OBJECT, path, variables);
    }

    Mono<List<Map<String, Object>>> list(OAuth2AuthorizedClient person, String path, Object... variables) {
        return call(HttpMethod.GET, person, null, LIST, path, variables);
    }

    /** A write; answers the API's JSON body (empty map for 204). */
    Mono<Map<String, Object>> send(HttpMethod method, OAuth2AuthorizedClient person, Object body, String path, Object... variables) {
        return call(method, person, body, OBJECT, path, variables).defaultIfEmpty(Map.of());
    }

    /** A write that answers a list (e.g. the outcome of completing a training session). */
    Mono<List<Map<String, Object>>> sendForList(HttpMethod method, OAuth2AuthorizedClient person, Object body, String path, Object... variables) {
        return call(method, person, body, LIST, path, variables).defaultIfEmpty(List.of());
    }

    /** A write whose answer is not needed (e.g. a list replaced whole); only a refusal matters. */
    Mono<Void> apply(HttpMethod method, OAuth2AuthorizedClient person, Object body, String path, Object... variables) {
        return client.method(method).uri(path, variables).accept(MediaType.APPLICATION_JSON)
                .headers(headers -> headers.setBearerAuth(person.getAccessToken().getTokenValue()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchangeToMono(response -> response.statusCode().isError() ? refused(response) : response.releaseBody());
    }

    /** A file from the API (e.g. an Excel export), passed on as it came. */
    Mono<org.springframework.http.ResponseEntity<byte[]>> download(OAuth2AuthorizedClient person, String path, Object... variables) {
        return client.get().uri(path, variables).headers(headers -> headers.setBearerAuth(person.getAccessToken().getTokenValue()))
                .exchangeToMono(response -> response.statusCode().isError() ? refused(response) : response.toEntity(byte[].class));
    }

    /** An upload (CSV or Excel) to an import endpoint; answers the API's report. */
    Mono<Map<String, Object>> upload(OAuth2AuthorizedClient person, MediaType type, byte[] content, String path, Object... variables) {
        return client.post().uri(path, variables).contentType(type).accept(MediaType.APPLICATION_JSON)
                .headers(headers -> headers.setBearerAuth(person.getAccessToken().getTokenValue()))
                .bodyValue(content)
                .exchangeToMono(response -> response.statusCode().isError() ? refused(response) : response.bodyToMono(OBJECT));
    }

    /** A file put in its place (evidence, a supporting document): PUT as its own media type; answers the API's record. */
    Mono<Map<String, Object>> put(OAuth2AuthorizedClient person, MediaType type, byte[] content, String path, Object... variables) {
        return client.put().uri(path, variables).contentType(type).accept(MediaType.APPLICATION_JSON)
                .headers(headers -> headers.setBearerAuth(person.getAccessToken().getTokenValue()))
                .bodyValue(content)
                .exchangeToMono(response -> response.statusCode().isError() ? refused(response) : response.bodyToMono(OBJECT));
    }

    /**
     * A live stream of server-sent events (the ticket board), resumed after {@code lastEventId} when given. It ends
     * when the access token it was opened with expires (the API's rule); a refusal comes as an {@link ApiProblem}.
     */
    Flux<ServerSentEvent<Map<String, Object>>> stream(OAuth2AuthorizedClient person, String lastEventId, String path, Object... variables) {
        return events(person, lastEventId, "ticket", path, variables);
    }

    /** {@link #stream} of the events named {@code event} (e.g. "unread" of the person's inbox). */
    Flux<ServerSentEvent<Map<String, Object>>> events(OAuth2AuthorizedClient person, String lastEventId, String event, String path,
                                                      Object... variables) {
        return client.get().uri(path, variables).accept(MediaType.TEXT_EVENT_STREAM)
                .headers(headers -> {
                    headers.setBearerAuth(person.getAccessToken().getTokenValue());
                    if (lastEventId != null) {
                        headers.set("Last-Event-ID", lastEventId);
                    }
                })
                .exchangeToFlux(response -> response.statusCode().isError()
                        ? ConsoleApi.<ServerSentEvent<Map<String, Object>>>refused(response).flux()
                        : response.bodyToFlux(EVENT))
                // The events asked for, and the API's first comment, which says the stream is subscribed.
                .filter(sent -> (event.equals(sent.event()) && sent.data() != null) || CONNECTED.equals(sent.comment()));
    }

    /**
     * A call for a resident (no login) that carries their phone's proof and, for a report, its idempotency key; the body
     * is JSON or, with {@code type}, bytes of that type (a photo).
     */
    <T> Mono<T> forResident(HttpMethod method, String proof, String idempotencyKey, MediaType type, Object body, boolean list,
                            String path, Object... variables) {
        var request = client.method(method).uri(path, variables).accept(MediaType.APPLICATION_JSON)
                .headers(headers -> {
                    if (proof != null) {
                        headers.set("X-Phone-Proof", proof);
                    }
                    if (idempotencyKey != null) {
                        headers.set("Idempotency-Key", idempotencyKey);
                    }
                });
        var spec = body == null ? request : request.contentType(type == null ? MediaType.APPLICATION_JSON : type).bodyValue(body);
        @SuppressWarnings("unchecked") var answer = (ParameterizedTypeReference<T>) (list ? LIST : OBJECT);
        return spec.exchangeToMono(response -> response.statusCode().isError() ? refused(response) : response.bodyToMono(answer));
    }

    /** The body is read inside the exchange: the response is released as soon as the exchange function ends. */
    private <T> Mono<T> call(HttpMethod method, OAuth2AuthorizedClient person, Object body, ParameterizedTypeReference<T> type,
                             String path, Object... variables) {
        var request = client.method(method).uri(path, variables).accept(MediaType.APPLICATION_JSON)
                .headers(headers -> {
                    if (person != null) { // null: a public page (no login), e.g. the resident's rating page
                        headers.setBearerAuth(person.getAccessToken().getTokenValue());
                    }
                });
        var spec = body == null ? request : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body);
        return spec.exchangeToMono(response -> response.statusCode().isError() ? refused(response) : response.bodyToMono(type));
    }

    /** The API said no: its problem detail becomes an {@link ApiProblem} (read inside the exchange, before the response is released). */
    private static <T> Mono<T> refused(org.springframework.web.reactive.function.client.ClientResponse response) {
        return response.bodyToMono(OBJECT).defaultIfEmpty(Map.of())
                .flatMap(problem -> Mono.error(ApiProblem.of(response.statusCode().value(), problem)));
    }
}
