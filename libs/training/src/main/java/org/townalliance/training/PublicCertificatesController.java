package org.townalliance.training;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jooq.DSLContext;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.townalliance.alliance.AllianceDirectory;
import org.townalliance.tenancy.AllTowns;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * Verifying a certificate from its code, for anyone (an employer, a town office) without an account: only what
 * the certificate itself states, whether it is valid or was revoked, and who issued it; also when the issuing town is
 * suspended or archived (a certificate outlives the town's service).
 */
@RestController
@Tag(name = "Public", description = "No login needed")
class PublicCertificatesController {

    record Verification(String code, String status, String holderName, String organisationName, String certificateTitle, String programmeTitle,
                        String sessionName, LocalDate startsOn, LocalDate endsOn, BigDecimal hours, LocalDate issuedOn, String issuer,
                        String town, String townName, OffsetDateTime revokedAt) {
    }

    private final DSLContext platform;
    private final AllTowns towns;

    PublicCertificatesController(DSLContext platform, AllTowns towns) {
        this.platform = platform;
        this.towns = towns;
    }

    @GetMapping(path = "/public/certificates/{code}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Verify a training certificate by its code (证书验证)")
    Mono<Verification> verify(@PathVariable String code) {
        var normalised = code.strip().toUpperCase(java.util.Locale.ROOT);
        return Certificates.townOf(platform, normalised)
                .flatMap(towns::find).filter(TrainingRecord::readable)
                .flatMap(town -> {
                    var dsl = towns.dsl(town);
                    return Certificates.find(dsl, normalised).zipWith(AllianceDirectory.allianceName(dsl).filter(name -> !name.isBlank())
                                    .defaultIfEmpty(town.nameZh()))
                            .map(x -> {
                                var c = x.getT1();
                                return new Verification(c.code(), c.status(), c.holderName(), c.organisationName(), c.certificateTitle(),
                                        c.programmeTitle(), c.sessionName(), c.startsOn(), c.endsOn(), c.hours(), c.issuedOn(), x.getT2(), town.slug(),
                                        town.nameZh(), c.revokedAt());
                            });
                })
                .switchIfEmpty(Mono.error(Certificates::notFound));
    }
}
