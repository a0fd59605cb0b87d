package org.townalliance.hotline;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.townalliance.db.Reactive;
import org.townalliance.db.jooq.platform.tables.records.CityHotlineOutboxRecord;
import org.townalliance.identity.TownRole;
import org.townalliance.tenancy.TownAccess;
import org.townalliance.tenancy.TownContext;
import org.townalliance.web.Page;
import org.townalliance.web.OutboundAddresses;
import org.townalliance.web.ProblemException;
import org.townalliance.web.SecretsAtRest;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.OffsetDateTime;
import java.util.UUID;

import static org.townalliance.db.jooq.platform.Tables.CITY_HOTLINE_OUTBOX;
import static org.townalliance.db.jooq.town.Tables.CITY_HOTLINE_ENDPOINT;

/**
 * The link back to the city hotline (12345), run by the secretariat: where status changes of city cases
 * are sent and the signing secret (shown once, when set), and the deliveries, with the dead letters to
 * replay. Every query of the shared outbox is limited to this town.
 */
@RestController
@RequestMapping(path = "/api/towns/{town}/city-hotline", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Town: city hotline (12345)")
class CityHotlineController {

    enum State { PENDING, DELIVERED, DEAD }

    private final OutboundAddresses egress;
    private final SecretsAtRest secrets;

    CityHotlineController(OutboundAddresses egress, SecretsAtRest secrets) {
        this.egress = egress;
        this.secrets = secrets;
    }

    /** What a town's signing secret is sealed for: it opens only as this town's. */
    static String signingPurpose(String town) {
        return "city-hotline-signing:" + town;
    }

    record EndpointRequest(@NotBlank @Size(max = 500) String url) {
    }

    /** {@code signingSecret} only in the answer that sets it. */
    record Endpoint(String url, String signingSecret, String updatedBy, OffsetDateTime updatedAt) {
    }

    record Delivery(long id, UUID ticketId, String cityCaseId, State state, int attempts, OffsetDateTime nextAttemptAt,
                    String lastError, OffsetDateTime deliveredAt, OffsetDateTime deadAt, OffsetDateTime createdAt, String payload) {
    }

    @GetMapping("/endpoint")
    @TownAccess({TownRole.SECRETARIAT, TownRole.HOTLINE})
    Mono<Endpoint> endpoint(TownContext town) {
        return Reactive.one(town.dsl().selectFrom(CITY_HOTLINE_ENDPOINT))
                .map(e -> new Endpoint(e.getUrl(), null, e.getUpdatedBy(), e.getUpdatedAt()))
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("city-endpoint-not-set", "No city hotline endpoint is set for this town.")));
    }

    @PutMapping(path = "/endpoint", consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "Set where case updates go; answers a new HMAC signing secret, shown this once")
    Mono<Endpoint> putEndpoint(TownContext town, @Valid @RequestBody EndpointRequest request) {
        var secret = Secrets.token("whsec_");
        var sealed = secrets.seal(secret, signingPurpose(town.slug())); // stored sealed; shown in clear this once
        var actor = town.caller().actor();
        // https, a public address (checked again at each delivery): the platform never posts inside its own network.
        return egress.destination(request.url())
                .onErrorMap(OutboundAddresses.Refused.class, refused -> ProblemException.badRequest(
                        refused.category().equals("invalid-url") ? "invalid-url" : "endpoint-not-allowed", refused.getMessage()))
                .then(Reactive.run(town.dsl().insertInto(CITY_HOTLINE_ENDPOINT)
                        .set(CITY_HOTLINE_ENDPOINT.ID, (short) 1).set(CITY_HOTLINE_ENDPOINT.URL, request.url())
                        .set(CITY_HOTLINE_ENDPOINT.SIGNING_SECRET, sealed).set(CITY_HOTLINE_ENDPOINT.UPDATED_BY, actor)
                        .onConflict(CITY_HOTLINE_ENDPOINT.ID).doUpdate()
                        .set(CITY_HOTLINE_ENDPOINT.URL, request.url()).set(CITY_HOTLINE_ENDPOINT.SIGNING_SECRET, sealed)
                        .set(CITY_HOTLINE_ENDPOINT.UPDATED_BY, actor).set(CITY_HOTLINE_ENDPOINT.UPDATED_AT, OffsetDateTime.now())))
                .thenReturn(new Endpoint(request.url(), secret, actor, OffsetDateTime.now()));
    }

    @GetMapping("/deliveries")
    @TownAccess({TownRole.SECRETARIAT, TownRole.HOTLINE})
    @Operation(summary = "Case updates sent or waiting to be sent to the city, newest first; state=DEAD lists the dead letters")
    Mono<Page<Delivery>> deliveries(TownContext town, @RequestParam(required = false) State state,
                                    @RequestParam(required = false) Long before, @RequestParam(required = false) Integer limit) {
        var size = Page.limit(limit);
        var o = CITY_HOTLINE_OUTBOX;
        var condition = o.TOWN.eq(town.slug());
        if (state != null) {
            condition = condition.and(switch (state) {
                case PENDING -> o.DELIVERED_AT.isNull().and(o.DEAD_AT.isNull());
                case DELIVERED -> o.DELIVERED_AT.isNotNull();
                case DEAD -> o.DEAD_AT.isNotNull();
            });
        }
        if (before != null) {
            condition = condition.and(o.ID.lt(before));
        }
        return Flux.from(town.dsl().selectFrom(o).where(condition).orderBy(o.ID.desc()).limit(size + 1))
                .map(CityHotlineController::view).collectList()
                .map(items -> items.size() <= size ? new Page<>(items, null)
                        : new Page<>(items.subList(0, size), Long.toString(items.get(size - 1).id())));
    }

    @PostMapping("/deliveries/{deliveryId}/replay")
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "Send a dead letter again (attempts start over)")
    Mono<Delivery> replay(TownContext town, @PathVariable long deliveryId) {
        var o = CITY_HOTLINE_OUTBOX;
        return Reactive.one(town.dsl().update(o).setNull(o.DEAD_AT).set(o.ATTEMPTS, 0).set(o.NEXT_ATTEMPT_AT, OffsetDateTime.now())
                        .setNull(o.LEASE_UNTIL)
                        .where(o.ID.eq(deliveryId)).and(o.TOWN.eq(town.slug())).and(o.DEAD_AT.isNotNull()).returning())
                .map(CityHotlineController::view)
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("dead-letter-not-found", "No dead letter " + deliveryId + " in this town.")));
    }

    private static Delivery view(CityHotlineOutboxRecord r) {
        var state = r.getDeliveredAt() != null ? State.DELIVERED : r.getDeadAt() != null ? State.DEAD : State.PENDING;
        return new Delivery(r.getId(), r.getTicketId(), r.getCityCaseId(), state, r.getAttempts(), r.getNextAttemptAt(), r.getLastError(),
                r.getDeliveredAt(), r.getDeadAt(), r.getCreatedAt(), r.getPayload());
    }
}
