package org.townalliance.web;

import io.r2dbc.spi.R2dbcNonTransientResourceException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemWebExceptionHandlerTest {

    private final ProblemWebExceptionHandler handler = new ProblemWebExceptionHandler(ServerCodecConfigurer.create(),
            new StaticListableBeanFactory().getBeanProvider(BrowserErrorPages.class));

    /**
     * PostgreSQL going away resets the platform's connection: "connection reset by peer", which Spring also reads as a
     * client that hung up. Taken for that, the request ended with nothing written: a 200 with an empty body, and an
     * operator's client took an intake that was never stored for acknowledged (seen in DatabaseOutageTest).
     */
    @Test
    void theDatabaseResettingItsConnectionIsA503NotAClientThatHungUp() {
        var exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/api/towns/dachang/tickets"));
        var reset = new R2dbcNonTransientResourceException("An I/O error occurred while sending to the backend",
                new IOException("Connection reset by peer"));
        handler.handle(exchange, reset).block(Duration.ofSeconds(5));
        assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(503);
        assertThat(exchange.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("5");
        assertThat(exchange.getResponse().getBodyAsString().block(Duration.ofSeconds(5))).contains("database-unavailable");
    }

    /** Issue 19 item 9: only unique-key conflicts are conflicts; other violated constraints are logged bugs, answered 400. */
    @Test
    void onlyUniqueKeyViolationsAreConflicts() {
        for (var state : new String[] {"23505", "23P01", "23502", "23503", "23514"}) {
            var exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/api/towns/dachang/estates"));
            handler.handle(exchange, new RuntimeException("SQL [insert ...]",
                    new io.r2dbc.spi.R2dbcDataIntegrityViolationException("violates", state))).block(Duration.ofSeconds(5));
            var body = exchange.getResponse().getBodyAsString().block(Duration.ofSeconds(5));
            if (java.util.Set.of("23502", "23503", "23514").contains(state)) {
                assertThat(exchange.getResponse().getStatusCode().value()).as(state).isEqualTo(400);
                assertThat(body).contains("constraint-violated").contains("incident");
            } else {
                assertThat(exchange.getResponse().getStatusCode().value()).as(state).isEqualTo(409);
                assertThat(body).contains("data-conflict");
            }
        }
    }

    @Test
    void aClientThatHungUpGetsNothingWritten() {
        var exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/me"));
        handler.handle(exchange, new IOException("Connection reset by peer")).block(Duration.ofSeconds(5));
        assertThat(exchange.getResponse().getStatusCode()).isNull();
    }
}
