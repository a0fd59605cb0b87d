package org.townalliance.hotline;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.townalliance.db.Reactive;
import org.townalliance.tenancy.AllTowns;
import org.townalliance.web.SecretsAtRest;
import reactor.core.publisher.Mono;

import static org.townalliance.db.jooq.town.Tables.CITY_HOTLINE_ENDPOINT;

/**
 * Key rotation for the towns' city-hotline signing secrets: after a new key is made active, every stored secret not
 * sealed with it (an older key, or stored before sealing) is sealed again with it, town by town; the secrets
 * themselves do not change, so the cities need not be told. Then the old key can be dropped from the environment.
 */
@RestController
@Tag(name = "Platform: city hotline")
class SigningSecretsController {

    /** What re-sealing did. */
    record Resealed(int towns, int resealed) {
    }

    private final AllTowns towns;
    private final SecretsAtRest secrets;

    SigningSecretsController(AllTowns towns, SecretsAtRest secrets) {
        this.towns = towns;
        this.secrets = secrets;
    }

    @PostMapping(path = "/api/platform/city-hotline/signing-secrets/re-seal", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Seal every town's city-hotline signing secret with the active key (after a key rotation)")
    Mono<Resealed> reseal() {
        return towns.withSchemas().concatMap(town -> {
                    var dsl = towns.dsl(town);
                    return Reactive.one(dsl.selectFrom(CITY_HOTLINE_ENDPOINT))
                            .filter(endpoint -> !secrets.sealedWithActiveKey(endpoint.getSigningSecret()))
                            .flatMap(endpoint -> {
                                var purpose = CityHotlineController.signingPurpose(town.slug());
                                var sealed = secrets.seal(secrets.open(endpoint.getSigningSecret(), purpose), purpose);
                                return Reactive.run(dsl.update(CITY_HOTLINE_ENDPOINT).set(CITY_HOTLINE_ENDPOINT.SIGNING_SECRET, sealed)
                                        .where(CITY_HOTLINE_ENDPOINT.ID.eq(endpoint.getId()))
                                        .and(CITY_HOTLINE_ENDPOINT.SIGNING_SECRET.eq(endpoint.getSigningSecret()))).thenReturn(1);
                            })
                            .defaultIfEmpty(0);
                })
                .collectList()
                .map(counts -> new Resealed(counts.size(), counts.stream().mapToInt(Integer::intValue).sum()));
    }
}
