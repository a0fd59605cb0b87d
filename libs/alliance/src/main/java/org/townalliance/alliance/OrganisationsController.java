package org.townalliance.alliance;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.townalliance.db.Reactive;
import org.townalliance.identity.TownRole;
import org.townalliance.tenancy.TownAccess;
import org.townalliance.tenancy.TownContext;
import org.townalliance.web.Page;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Mono;

import java.util.UUID;

/**
 * The organisation registry: searched by the platform admin; a member's own profile edited by its
 * managers (only their own organisation: object-level check) or by the secretariat.
 */
@RestController
@Tag(name = "Organisations")
class OrganisationsController {

    private final OrganisationRegistry registry;
    private final OrganisationMerge merge;
    private final OrganisationChanges changes;

    OrganisationsController(OrganisationRegistry registry, OrganisationMerge merge, OrganisationChanges changes) {
        this.registry = registry;
        this.merge = merge;
        this.changes = changes;
    }

    /** The platform admin's correction of a registered organisation, with the reason kept in its history. */
    record Correction(@NotBlank @Size(max = 200) String nameZh, @NotNull OrganisationKind kind, @Size(max = 50) String shortName,
                      @Size(max = 50) String legalRepresentative, @NotBlank @Size(max = 500) String reason) {
    }

    @PutMapping(path = "/api/platform/organisations/{id}", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Correct a registered organisation's name, kind, short name or legal representative (every town sees it; history kept)")
    Mono<Organisation> correct(@PathVariable UUID id, @Valid @RequestBody Correction correction, java.security.Principal admin) {
        return changes.change(id, org -> new Organisation(org.id(), org.uscc(), correction.kind(), correction.nameZh().strip(),
                        blankToNull(correction.shortName()), blankToNull(correction.legalRepresentative()), org.contactName(),
                        org.contactPhone(), org.specialities(), org.mergedInto()),
                admin.getName(), correction.reason().strip());
    }

    @GetMapping(path = "/api/platform/organisations/{id}/changes", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "A registered organisation's changes, newest first: before and after, who, when, why")
    Mono<java.util.List<OrganisationChanges.Change>> history(@PathVariable UUID id) {
        return registry.find(id).switchIfEmpty(Mono.error(() -> ProblemException.notFound("organisation-not-found", "No such organisation.")))
                .flatMap(org -> changes.history(id).collectList());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    @org.springframework.web.bind.annotation.PostMapping(path = "/api/platform/organisations/{duplicateId}/merge-into/{survivorId}",
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Merge an accidental duplicate into the organisation that stays, in every town, in one transaction")
    Mono<OrganisationMerge.Result> merge(@PathVariable UUID duplicateId, @PathVariable UUID survivorId) {
        return merge.merge(duplicateId, survivorId);
    }

    /** The fields a member may keep up to date itself; code, name and kind come from the registry. */
    record ProfileUpdate(@Size(max = 50) String shortName, @Size(max = 50) String contactName,
                         @Size(max = 30) String contactPhone, @Size(max = 500) String specialities) {
    }

    @GetMapping(path = "/api/platform/organisations", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Search the registry by name, short name or code (keyset by code)")
    Mono<Page<Organisation>> search(@RequestParam(required = false) String q, @RequestParam(required = false) OrganisationKind kind,
                                    @RequestParam(required = false) String after, @RequestParam(required = false) Integer limit) {
        var size = Page.limit(limit);
        return registry.search(q, kind, after, size + 1).collectList()
                .map(list -> list.size() <= size ? new Page<>(list, null) : new Page<>(list.subList(0, size), list.get(size - 1).uscc()));
    }

    @GetMapping(path = "/api/platform/organisations/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<Organisation> get(@PathVariable UUID id) {
        return registry.find(id).switchIfEmpty(Mono.error(() -> ProblemException.notFound("organisation-not-found", "No such organisation.")));
    }

    @GetMapping(path = "/api/towns/{town}/organisations/{uscc}", produces = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(value = {TownRole.SECRETARIAT, TownRole.ORG_MANAGER, TownRole.ORG_STAFF})
    Mono<Organisation> profile(TownContext town, @PathVariable String uscc) {
        return ownMember(town, uscc);
    }

    @PutMapping(path = "/api/towns/{town}/organisations/{uscc}", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(TownRole.ORG_MANAGER)
    @Operation(summary = "A member's managers keep its contact details and specialities up to date (every town it serves sees them)")
    Mono<Organisation> updateProfile(TownContext town, @PathVariable String uscc, @Valid @RequestBody ProfileUpdate update) {
        // Not the secretariat: the record is every town's the organisation serves, so only its own managers change it.
        return ownMember(town, uscc).flatMap(org -> {
            if (!managesOrganisation(town, org.uscc())) {
                return Mono.error(ProblemException.forbidden("not-your-organisation", "You manage another organisation."));
            }
            // Blank fields keep what is registered, as before; the change is in the organisation's history.
            return changes.change(org.id(), current -> new Organisation(current.id(), current.uscc(), current.kind(), current.nameZh(),
                            keep(update.shortName(), current.shortName()), current.legalRepresentative(),
                            keep(update.contactName(), current.contactName()), keep(update.contactPhone(), current.contactPhone()),
                            keep(update.specialities(), current.specialities()), current.mergedInto()),
                    town.caller().actor(), "资料更新 profile update in " + town.slug());
        });
    }

    /**
     * The organisation, if it is a current member of this town and the caller may see it: the
     * secretariat sees every member; firm and agency people only their own organisation.
     */
    private Mono<Organisation> ownMember(TownContext town, String uscc) {
        var code = Uscc.parse(uscc).value();
        if (!isSecretariat(town) && !town.caller().grantsIn(town.slug()).stream().anyMatch(g -> code.equals(g.organisation()))) {
            return Mono.error(ProblemException.forbidden("not-your-organisation", "You can only see your own organisation."));
        }
        return OrganisationRegistry.findByUscc(town.dsl(), code)
                .filterWhen(org -> Members.openMembership(town.dsl(), org.id()).hasElement())
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("member-not-found", "No current member with code " + code + " in this town.")));
    }

    private static String keep(String incoming, String current) {
        return incoming == null || incoming.isBlank() ? current : incoming;
    }

    private static boolean isSecretariat(TownContext town) {
        return town.caller().hasRoleIn(town.slug(), TownRole.SECRETARIAT);
    }

    private static boolean managesOrganisation(TownContext town, String uscc) {
        return town.caller().grantsIn(town.slug()).stream()
                .anyMatch(g -> g.role() == TownRole.ORG_MANAGER && uscc.equals(g.organisation()));
    }
}
