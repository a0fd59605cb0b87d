package org.townalliance.hotline;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.townalliance.db.Reactive;
import org.townalliance.identity.TownRole;
import org.townalliance.tenancy.TownAccess;
import org.townalliance.tenancy.TownContext;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import static org.townalliance.db.jooq.town.Tables.OPEN311_CLIENT;

/** The town's Open311 API clients, managed by the secretariat; a key is shown once, when created. */
@RestController
@RequestMapping(path = "/api/towns/{town}/open311-clients", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Town: Open311 clients")
class Open311ClientsController {

    record Client(UUID id, String name, String keyPrefix, String apiKey, String createdBy, OffsetDateTime createdAt, OffsetDateTime revokedAt) {
    }

    record NewClient(@NotBlank @Size(max = 100) String name) {
    }

    @GetMapping
    @TownAccess(TownRole.SECRETARIAT)
    Mono<List<Client>> list(TownContext town) {
        return Flux.from(town.dsl().selectFrom(OPEN311_CLIENT).orderBy(OPEN311_CLIENT.CREATED_AT))
                .map(c -> new Client(c.getId(), c.getName(), c.getKeyPrefix(), null, c.getCreatedBy(), c.getCreatedAt(), c.getRevokedAt()))
                .collectList();
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "Issue an API key (answered this once; only its hash is kept)")
    Mono<Client> create(TownContext town, @Valid @RequestBody NewClient client) {
        var key = Open311Clients.newKey();
        return Reactive.one(town.dsl().insertInto(OPEN311_CLIENT)
                        .set(OPEN311_CLIENT.NAME, client.name())
                        .set(OPEN311_CLIENT.KEY_HASH, Open311Clients.hash(key))
                        .set(OPEN311_CLIENT.KEY_PREFIX, key.substring(0, 12))
                        .set(OPEN311_CLIENT.CREATED_BY, town.caller().actor())
                        .returning())
                .map(c -> new Client(c.getId(), c.getName(), c.getKeyPrefix(), key, c.getCreatedBy(), c.getCreatedAt(), null));
    }

    @DeleteMapping("/{clientId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "Revoke a key; it stops working at once")
    Mono<Void> revoke(TownContext town, @PathVariable UUID clientId) {
        return Reactive.one(town.dsl().update(OPEN311_CLIENT).set(OPEN311_CLIENT.REVOKED_AT, OffsetDateTime.now())
                        .where(OPEN311_CLIENT.ID.eq(clientId)).and(OPEN311_CLIENT.REVOKED_AT.isNull()))
                .flatMap(n -> n == 0 ? Mono.error(ProblemException.notFound("open311-client-not-found", "No active client " + clientId + ".")) : Mono.empty());
    }
}
