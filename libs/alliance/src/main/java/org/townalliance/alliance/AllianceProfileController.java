package org.townalliance.alliance;

import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.townalliance.db.Reactive;
import org.townalliance.identity.TownRole;
import org.townalliance.tenancy.TownAccess;
import org.townalliance.tenancy.TownContext;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Mono;

import java.time.LocalDate;
import java.time.OffsetDateTime;

import static org.townalliance.db.jooq.town.Tables.ALLIANCE_PROFILE;

/** The alliance's profile: name, founding date, charter, hotline number, operations-centre address. */
@RestController
@Tag(name = "Town: alliance")
class AllianceProfileController {

    record Profile(@NotBlank @Size(max = 200) String name, LocalDate foundedOn, @Size(max = 20000) String charter,
                   @Size(max = 30) String hotlineNumber, @Size(max = 200) String operationsCentreAddress) {
    }

    @GetMapping(path = "/api/towns/{town}/alliance", produces = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(anyRole = true, platformAdmin = true)
    Mono<Profile> get(TownContext town) {
        return Reactive.one(town.dsl().selectFrom(ALLIANCE_PROFILE))
                .map(r -> new Profile(r.getName(), r.getFoundedOn(), r.getCharter(), r.getHotlineNumber(), r.getOperationsCentreAddress()))
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("alliance-not-set-up", "The alliance profile has not been filled in yet.")));
    }

    @PutMapping(path = "/api/towns/{town}/alliance", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(TownRole.SECRETARIAT)
    Mono<Profile> put(TownContext town, @Valid @RequestBody Profile profile) {
        var values = new java.util.HashMap<org.jooq.Field<?>, Object>();
        values.put(ALLIANCE_PROFILE.NAME, profile.name());
        values.put(ALLIANCE_PROFILE.FOUNDED_ON, profile.foundedOn());
        values.put(ALLIANCE_PROFILE.CHARTER, profile.charter());
        values.put(ALLIANCE_PROFILE.HOTLINE_NUMBER, profile.hotlineNumber());
        values.put(ALLIANCE_PROFILE.OPERATIONS_CENTRE_ADDRESS, profile.operationsCentreAddress());
        values.put(ALLIANCE_PROFILE.UPDATED_BY, town.caller().actor());
        return Reactive.run(town.dsl().insertInto(ALLIANCE_PROFILE)
                        .set(ALLIANCE_PROFILE.ID, (short) 1)
                        .set(values)
                        .onConflict(ALLIANCE_PROFILE.ID).doUpdate()
                        .set(values)
                        .set(ALLIANCE_PROFILE.UPDATED_AT, OffsetDateTime.now()))
                .thenReturn(profile);
    }
}
