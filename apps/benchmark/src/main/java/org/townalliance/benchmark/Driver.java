package org.townalliance.benchmark;

import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * HTTP load on Reactor Netty: closed loop (N clients, each sends its next request when the previous one
 * answered) for throughput, open loop (a fixed rate, latency from the intended send time, so a stall is
 * not hidden by the driver waiting) for latency at a given load.
 */
final class Driver {

    /** One request: method, path, bearer token, JSON body (null for GET). */
    record Call(String method, String path, String token, String body) {
    }

    private final HttpClient http;

    Driver(String base, int maxConnections) {
        var pool = ConnectionProvider.builder("benchmark").maxConnections(maxConnections).pendingAcquireMaxCount(-1)
                .pendingAcquireTimeout(Duration.ofMinutes(2)).build();
        this.http = HttpClient.create(pool).baseUrl(base).responseTimeout(Duration.ofSeconds(60));
    }

    HttpClient http() {
        return http;
    }

    /** Sends one call; completes with the status code (the body is read and dropped). */
    Mono<Integer> send(Call call) {
        var request = http.headers(h -> {
            h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + call.token());
            h.set(HttpHeaderNames.ACCEPT, "application/json");
            if (call.body() != null) {
                h.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
            }
        });
        var sender = call.body() == null ? request.get().uri(call.path())
                : request.request(io.netty.handler.codec.http.HttpMethod.valueOf(call.method())).uri(call.path())
                        .send(ByteBufFlux.fromString(Mono.just(call.body())));
        return sender.responseSingle((response, body) -> body.asString().defaultIfEmpty("")
                .map(text -> {
                    if (response.status().code() >= 400) {
                        throw new IllegalStateException(response.status().code() + " " + text.substring(0, Math.min(200, text.length())));
                    }
                    return response.status().code();
                }));
    }

    /** Closed loop for {@code duration}: each client repeats calls made by {@code next(clientIndex)}. */
    Latencies closedLoop(int clients, Duration duration, IntFunction<Call> next) {
        var latencies = new Latencies();
        var end = System.nanoTime() + duration.toNanos();
        Flux.range(0, clients).flatMap(client -> Mono.defer(() -> {
                    var started = System.nanoTime();
                    return send(next.apply(client)).doOnNext(ok -> latencies.record(System.nanoTime() - started))
                            .onErrorResume(e -> {
                                latencies.failed(e.getMessage());
                                return Mono.empty();
                            });
                }).repeat(() -> System.nanoTime() < end), clients)
                .blockLast(duration.plusMinutes(2));
        return latencies;
    }

    /** Open loop: {@code perSecond} calls a second for {@code duration}, latency measured from each call's planned start. */
    Latencies openLoop(double perSecond, Duration duration, IntFunction<Call> next) {
        var latencies = new Latencies();
        var interval = (long) (1_000_000_000L / perSecond);
        var total = (int) (duration.toNanos() / interval);
        var start = System.nanoTime();
        var sequence = new AtomicLong();
        Flux.interval(Duration.ofNanos(interval)).take(total).onBackpressureBuffer()
                .flatMap(tick -> {
                    var planned = start + (tick + 1) * interval;
                    return send(next.apply((int) sequence.getAndIncrement())).doOnNext(ok -> latencies.record(System.nanoTime() - planned))
                            .onErrorResume(e -> {
                                latencies.failed(e.getMessage());
                                return Mono.empty();
                            });
                }, 512)
                .blockLast(duration.plusMinutes(2));
        return latencies;
    }

    /** {@code count} calls one after another (latency of a quiet system). */
    Latencies sequential(int count, IntFunction<Call> next) {
        var latencies = new Latencies();
        for (int i = 0; i < count; i++) {
            var started = System.nanoTime();
            try {
                send(next.apply(i)).block(Duration.ofSeconds(60));
                latencies.record(System.nanoTime() - started);
            } catch (RuntimeException e) {
                latencies.failed(e.getMessage());
            }
        }
        return latencies;
    }

    static List<String> towns(String prefix, int count) {
        return java.util.stream.IntStream.rangeClosed(1, count).mapToObj(i -> prefix + String.format("%02d", i)).toList();
    }
}
