package org.townalliance.benchmark;

import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * The live board under many watchers: subscribers spread over the towns listen to the ticket stream
 * while tickets are taken in; for every (subscriber, ticket of its town) pair the time from sending the
 * intake to receiving its event is recorded, and pairs never received are counted as misses.
 */
final class Live {

    private static final Pattern NUMBER = Pattern.compile("\"number\"\\s*:\\s*(\\d+)");

    /** What the run found. */
    record Result(Latencies latencies, int subscribers, int tickets, long expected, long received) {
        long missed() {
            return expected - received;
        }
    }

    private record Arrival(String town, long number, long at) {
    }

    static Result run(Driver driver, List<String> towns, Map<String, String> tokens, int subscribers, int ticketsPerTown,
                      double ticketsPerSecond) throws InterruptedException {
        var arrivals = new ConcurrentLinkedQueue<Arrival>();
        var connected = new AtomicInteger();
        var streams = new ArrayList<Disposable>();
        var perTown = new ConcurrentHashMap<String, AtomicInteger>();
        for (int i = 0; i < subscribers; i++) {
            var town = towns.get(i % towns.size());
            perTown.computeIfAbsent(town, t -> new AtomicInteger()).incrementAndGet();
            var buffer = new StringBuilder();
            streams.add(driver.http().headers(h -> {
                        h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + tokens.get(town));
                        h.set(HttpHeaderNames.ACCEPT, "text/event-stream");
                    })
                    .doOnResponse((response, connection) -> connected.incrementAndGet())
                    .get().uri("/api/towns/" + town + "/tickets/stream")
                    .responseContent().asString()
                    .subscribe(chunk -> {
                        var now = System.nanoTime();
                        buffer.append(chunk);
                        int end;
                        while ((end = buffer.indexOf("\n\n")) >= 0) {
                            var event = buffer.substring(0, end);
                            buffer.delete(0, end + 2);
                            var number = NUMBER.matcher(event);
                            if (event.contains("event:ticket") && number.find()) {
                                arrivals.add(new Arrival(town, Long.parseLong(number.group(1)), now));
                            }
                        }
                    }, failure -> { }));
        }
        var deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (connected.get() < subscribers && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(1000); // every subscription registered with the board's fan-out
        var sent = new ConcurrentHashMap<String, Long>();
        var total = towns.size() * ticketsPerTown;
        var sequence = new AtomicInteger();
        for (int i = 0; i < total; i++) {
            var town = towns.get(i % towns.size());
            var started = System.nanoTime();
            var body = driver.http().headers(h -> {
                        h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + tokens.get(town));
                        h.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
                    })
                    .post().uri("/api/towns/" + town + "/tickets")
                    .send(reactor.netty.ByteBufFlux.fromString(Mono.just(Benchmark.ticketJson(sequence.incrementAndGet()))))
                    .responseSingle((response, content) -> content.asString()).block(Duration.ofSeconds(30));
            var number = NUMBER.matcher(body == null ? "" : body);
            if (number.find()) {
                sent.put(town + "#" + number.group(1), started);
            }
            var pause = (long) (1000 / ticketsPerSecond) - (System.nanoTime() - started) / 1_000_000;
            if (pause > 0) {
                Thread.sleep(pause);
            }
        }
        Thread.sleep(3000); // stragglers
        streams.forEach(Disposable::dispose);
        var latencies = new Latencies();
        long received = 0;
        for (var arrival : arrivals) {
            var at = sent.get(arrival.town() + "#" + arrival.number());
            if (at != null) {
                received++;
                latencies.record(arrival.at() - at);
            }
        }
        long expected = 0;
        for (var key : sent.keySet()) {
            expected += perTown.get(key.substring(0, key.indexOf('#'))).get();
        }
        return new Result(latencies, subscribers, sent.size(), expected, received);
    }
}
