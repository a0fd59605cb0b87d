package org.townalliance.tenancy;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactory;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.townalliance.platform.PlatformTest;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Queries and requests cancelled in flight give their connections back: the pool returns to idle. */
class PoolCancellationTest extends PlatformTest {

    @Autowired
    ConnectionFactory connectionFactory;

    @Autowired
    TownDatabases databases;

    @Test
    void twoHundredCancelledQueriesLeaveNoConnectionAcquired() {
        var slug = onboard("pool");
        var dsl = databases.forSchema(new TownSlug(slug).schemaName());
        var pool = (ConnectionPool) connectionFactory;

        var cancelled = Flux.range(0, 200)
                .flatMap(i -> Mono.from(dsl.select(DSL.function(DSL.name("pg_sleep"), SQLDataType.OTHER, DSL.val(0.3))))
                        .timeout(Duration.ofMillis(20 + i % 50))
                        .thenReturn(false)
                        .onErrorReturn(true), 200)
                .filter(Boolean::booleanValue)
                .count()
                .block();
        assertThat(cancelled).isGreaterThan(150);

        await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> {
            var metrics = pool.getMetrics().orElseThrow();
            assertThat(metrics.acquiredSize()).isZero();
            assertThat(metrics.pendingAcquireSize()).isZero();
        });
        // And the pool still works.
        assertThat(TownSettings.list(dsl).collectList().block()).isEmpty();
    }

    @Test
    void clientsThatHangUpMidRequestLeaveTheTownPoolIdle() {
        var slug = onboard("pool-http");
        var pool = (ConnectionPool) connectionFactory;
        var client = admin().mutate().responseTimeout(Duration.ofMillis(1)).build();

        Flux.range(0, 100)
                .flatMap(i -> Mono.fromCallable(() -> {
                    try {
                        client.put().uri("/api/towns/{town}/settings", slug).contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(java.util.Map.of("k" + i, "v")).exchange();
                    } catch (RuntimeException timeout) {
                        // expected: the client gave up
                    }
                    return i;
                }).subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()), 16)
                .blockLast();

        await().atMost(20, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(pool.getMetrics().orElseThrow().acquiredSize()).isZero());
        admin().get().uri("/api/towns/{town}/settings", slug).exchange().expectStatus().isOk();
    }
}
