package org.townalliance.governance;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.townalliance.identity.TownRole;
import org.townalliance.tenancy.TownAccess;
import org.townalliance.tenancy.TownContext;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.LocalDate;
import java.util.UUID;

/**
 * The alliance's offices and who held them when: the secretariat records terms (elections will record
 * them in future), everyone of the town reads them, and "who held office on date D" is one call.
 */
@RestController
@RequestMapping(path = "/api/towns/{town}/offices", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Town: governance offices", description = "Rotating chair, convener, secretary-general, secretariat: terms and history")
class OfficesController {

    private static final java.util.regex.Pattern CODE = java.util.regex.Pattern.compile("^[a-z][a-z0-9-]{1,39}$");

    record TermRequest(@NotBlank @Pattern(regexp = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
                               message = "is a person id (lower-case UUID)") String personId,
                       UUID organisationId, @NotNull LocalDate startsOn, LocalDate endsOn, @Size(max = 500) String note) {
    }

    record EndRequest(@NotNull LocalDate endsOn, @Size(max = 500) String note) {
    }

    record OfficeRequest(@NotBlank @Pattern(regexp = "^[a-z][a-z0-9-]{1,39}$", message = "is lower-case letters, digits and dashes") String code,
                         @NotBlank @Size(max = 50) String nameZh, @Size(max = 50) String nameEn, @NotNull Offices.HolderRule holderRule,
                         boolean singleHolder, @NotNull @Min(1) @Max(120) Integer termMonths, @Min(0) @Max(1000) Integer sortOrder) {

        Offices.Definition definition(String code) {
            return new Offices.Definition(code, nameZh, nameEn, holderRule, singleHolder, termMonths, sortOrder == null ? 500 : sortOrder);
        }
    }

    private final Eligibility eligibility;

    OfficesController(Eligibility eligibility) {
        this.eligibility = eligibility;
    }

    @GetMapping
    @TownAccess(anyRole = true, platformAdmin = true)
    @Operation(summary = "The offices with who holds them on a day (default today in the town's zone)")
    Mono<java.util.List<Offices.Office>> offices(TownContext town,
                                                  @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate on) {
        var day = on != null ? on : LocalDate.now(town.town().timezone());
        return Offices.heldOn(town.dsl(), day).collectMultimap(Offices.Term::officeCode)
                .flatMap(holders -> Offices.all(town.dsl()).map(o -> new Offices.Office(o.getCode(), o.getNameZh(), o.getNameEn(),
                        Offices.HolderRule.valueOf(o.getHolderRule()), Boolean.TRUE.equals(o.getSingleHolder()), o.getTermMonths(),
                        java.util.List.copyOf(holders.getOrDefault(o.getCode(), java.util.List.of())))).collectList());
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "Add an office to the town's list (e.g. a deputy secretary-general)")
    Mono<ResponseEntity<java.util.List<Offices.Office>>> define(TownContext town, @Valid @RequestBody OfficeRequest request) {
        if (Offices.CHAIR.equals(request.code()) && request.holderRule() != Offices.HolderRule.CHAIR_FIRM_HEAD) {
            return Mono.error(ProblemException.badRequest("invalid-office", "The rotating chair is held by the head of a member firm."));
        }
        return Offices.create(town.dsl(), request.definition(request.code())).then(offices(town, null))
                .map(list -> ResponseEntity.status(HttpStatus.CREATED).body(list));
    }

    @PutMapping(path = "/{code}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "Rename an office or change its default term; its holder rule only while it has no terms")
    Mono<java.util.List<Offices.Office>> redefine(TownContext town, @PathVariable String code, @Valid @RequestBody OfficeRequest request) {
        if (!code(code).equals(request.code())) {
            return Mono.error(ProblemException.badRequest("invalid-office", "The code in the body is the office's code in the path."));
        }
        if (Offices.CHAIR.equals(code) && (request.holderRule() != Offices.HolderRule.CHAIR_FIRM_HEAD || !request.singleHolder())) {
            return Mono.error(ProblemException.badRequest("invalid-office", "The rotating chair is held by the head of a member firm, one at a time."));
        }
        return Offices.update(town.dsl(), request.definition(code)).then(offices(town, null));
    }

    @GetMapping("/{code}/terms")
    @TownAccess(anyRole = true, platformAdmin = true)
    @Operation(summary = "Every term of the office, newest first")
    Flux<Offices.Term> terms(TownContext town, @PathVariable String code) {
        return Offices.find(town.dsl(), code(code)).thenMany(Offices.history(town.dsl(), code));
    }

    @PostMapping(path = "/{code}/terms", consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "Record a term (the chair: a manager of a current member firm, named with it); "
            + "no overlap for single-holder offices; one person chairs one town at a time")
    Mono<ResponseEntity<Offices.Term>> record(TownContext town, @PathVariable String code, @Valid @RequestBody TermRequest request) {
        return Offices.find(town.dsl(), code(code)).flatMap(office -> {
            var ends = request.endsOn() != null ? request.endsOn() : request.startsOn().plusMonths(office.getTermMonths());
            if (!ends.isAfter(request.startsOn())) {
                return Mono.error(ProblemException.badRequest("invalid-period", "A term ends after it starts."));
            }
            return eligibility.check(town.dsl(), town.slug(), Offices.HolderRule.valueOf(office.getHolderRule()), request.personId(),
                            request.organisationId())
                    .flatMap(name -> Offices.record(town.dsl(), town.slug(), office, new Offices.Term(null, office.getCode(),
                            request.personId(), name, request.organisationId(), request.startsOn(), ends, request.note(),
                            town.caller().actor())));
        }).map(term -> ResponseEntity.status(HttpStatus.CREATED).body(term));
    }

    @PostMapping(path = "/{code}/terms/{termId}/end", consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "End a term early (resignation, new election); the history keeps it")
    Mono<Offices.Term> end(TownContext town, @PathVariable String code, @PathVariable UUID termId, @Valid @RequestBody EndRequest request) {
        return Offices.find(town.dsl(), code(code)).then(Offices.endEarly(town.dsl(), code, termId, request.endsOn(), request.note()));
    }

    @GetMapping("/reminders")
    @TownAccess(value = TownRole.SECRETARIAT, platformAdmin = true)
    @Operation(summary = "Single-holder terms ending within 60 days with no next term recorded and no election running (time to open one)")
    Flux<Offices.Term> reminders(TownContext town) {
        return Offices.reminders(town.dsl(), LocalDate.now(town.town().timezone()));
    }

    private static String code(String code) {
        if (!CODE.matcher(code).matches()) {
            throw ProblemException.badRequest("invalid-office-code", "An office code is lower-case letters, digits and dashes.");
        }
        return code;
    }
}
