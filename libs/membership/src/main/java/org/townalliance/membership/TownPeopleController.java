package org.townalliance.membership;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.townalliance.identity.TownPeople;
import org.townalliance.identity.TownRole;
import org.townalliance.tenancy.TownAccess;
import org.townalliance.tenancy.TownContext;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The secretariat manages the people of its town (the platform admin may too, audited). A person is one
 * account across towns: inviting an existing person adds this town; removing them leaves their other towns.
 */
@RestController
@RequestMapping(path = "/api/towns/{town}/people", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Town: people", description = "Who holds which role in the town")
class TownPeopleController {

    private static final Pattern PERSON_ID = Pattern.compile("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");

    private final TownPeople people;

    TownPeopleController(TownPeople people) {
        this.people = people;
    }

    /** The complete set of a person's roles in this town. */
    record RolesRequest(@NotNull @Size(min = 1, max = 20) List<@Valid @NotNull Role> roles) {
    }

    /** One role; {@code organisation} for organisation roles only. */
    record Role(@NotNull TownRole role, @Size(max = 64) String organisation) {
    }

    @GetMapping
    @TownAccess(value = {TownRole.SECRETARIAT, TownRole.ORG_MANAGER}, platformAdmin = true)
    @Operation(summary = "People of the town (secretariat); a member's managers see only their organisation's people")
    Flux<TownPeople.Person> list(TownContext town) {
        var scope = OrganisationScope.of(town);
        return people.list(town.slug()).flatMap(person -> Mono.justOrEmpty(scope.visible(person)));
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(value = {TownRole.SECRETARIAT, TownRole.ORG_MANAGER}, platformAdmin = true)
    @Operation(summary = "Invite a person by e-mail or phone into a role (creates the account if new); "
            + "a member's managers invite into their own organisation only")
    Mono<ResponseEntity<TownPeople.Person>> invite(TownContext town, @Valid @RequestBody InviteRequest request) {
        var scope = OrganisationScope.of(town);
        scope.requireAssignable(request.role(), request.organisation());
        return people.invite(town.slug(), request.toInvitation())
                .map(person -> scope.visible(person).orElse(person))
                .map(person -> ResponseEntity.status(HttpStatus.CREATED)
                        .location(URI.create("/api/towns/" + town.slug() + "/people/" + person.id()))
                        .body(person));
    }

    @PutMapping(path = "/{personId}/roles", consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(value = {TownRole.SECRETARIAT, TownRole.ORG_MANAGER}, platformAdmin = true)
    @Operation(summary = "Replace a person's roles in this town")
    Mono<TownPeople.Person> setRoles(TownContext town, @PathVariable String personId, @Valid @RequestBody RolesRequest request) {
        var scope = OrganisationScope.of(town);
        request.roles().forEach(role -> scope.requireAssignable(role.role(), role.organisation()));
        var id = personId(personId);
        return scope.requireManageable(people, town.slug(), id)
                .then(people.setRoles(town.slug(), id,
                        request.roles().stream().map(role -> new TownPeople.RoleAssignment(role.role(), role.organisation())).toList()));
    }

    @DeleteMapping("/{personId}")
    @TownAccess(value = {TownRole.SECRETARIAT, TownRole.ORG_MANAGER}, platformAdmin = true)
    @Operation(summary = "Remove a person from this town (their other towns are untouched)")
    Mono<ResponseEntity<Void>> remove(TownContext town, @PathVariable String personId) {
        var id = personId(personId);
        return OrganisationScope.of(town).requireManageable(people, town.slug(), id)
                .then(people.remove(town.slug(), id)).thenReturn(ResponseEntity.noContent().build());
    }

    private static String personId(String value) {
        if (!PERSON_ID.matcher(value).matches()) {
            throw ProblemException.badRequest("invalid-person-id", "A person id is a lower-case UUID.");
        }
        return value;
    }
}
