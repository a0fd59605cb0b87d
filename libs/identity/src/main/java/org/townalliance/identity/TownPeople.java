package org.townalliance.identity;

import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The people of one town as Keycloak group memberships. One person is one Keycloak user across towns:
 * inviting someone who exists adds the membership; removing them from a town leaves their other towns
 * untouched. Everything here sees and changes only groups under {@code /towns/{town}/}.
 */
@Service
public class TownPeople {

    private static final int MAX_MEMBERS = 2000;

    private final KeycloakAdmin admin;
    private final KeycloakAdminProperties properties;

    TownPeople(KeycloakAdmin admin, KeycloakAdminProperties properties) {
        this.admin = admin;
        this.properties = properties;
    }

    /** A person as the town sees them: only their roles in this town. */
    public record Person(String id, String username, String familyName, String givenName, String email,
                         boolean enabled, List<TownGrant> roles) {
    }

    /** Who to invite (e-mail or mobile phone) and the first role to give them in this town. */
    public record Invitation(String email, String phone, String familyName, String givenName, RoleAssignment role) {
    }

    /** A role in a town; {@code organisation} is required for organisation roles and refused otherwise. */
    public record RoleAssignment(TownRole role, String organisation) {
    }

    /**
     * Invites by e-mail or mobile number: an account found by it is reused (one login across towns), otherwise one is
     * created. The town keeps its own record of the person (the names and the e-mail or number it typed), and that is
     * what the town sees, also of an account that existed before: inviting someone never tells the inviter what the
     * account holds (its names, its user name).
     */
    public Mono<Person> invite(String town, Invitation invitation) {
        var path = groupPath(town, invitation.role());
        return admin.call(() -> {
            var user = findOrCreate(invitation);
            remember(town, user.getId(), invitation);
            var group = admin.ensureGroup(path);
            admin.realm().users().get(user.getId()).joinGroup(group.getId());
            return person(town, user.getId());
        });
    }

    /** The town's record of the person, kept as the account's attributes named after the town. */
    private void remember(String town, String userId, Invitation invitation) {
        var resource = admin.realm().users().get(userId);
        var user = resource.toRepresentation();
        var attributes = new java.util.HashMap<String, List<String>>(user.getAttributes() == null ? Map.of() : user.getAttributes());
        attributes.put(townRecord(town, "family-name"), List.of(invitation.familyName()));
        attributes.put(townRecord(town, "given-name"), List.of(invitation.givenName()));
        attributes.put(townRecord(town, "contact"), List.of(contact(invitation)));
        user.setAttributes(attributes);
        resource.update(user);
    }

    private static void forget(String town, org.keycloak.admin.client.resource.UserResource resource) {
        var user = resource.toRepresentation();
        if (user.getAttributes() == null || user.getAttributes().keySet().stream().noneMatch(k -> k.startsWith(townRecord(town, "")))) {
            return;
        }
        var attributes = new java.util.HashMap<>(user.getAttributes());
        attributes.keySet().removeIf(k -> k.startsWith(townRecord(town, "")));
        user.setAttributes(attributes);
        resource.update(user);
    }

    static String townRecord(String town, String field) {
        return "alliance.town." + town + "." + field;
    }

    private static String contact(Invitation invitation) {
        return invitation.email() != null && !invitation.email().isBlank() ? invitation.email().toLowerCase(Locale.ROOT) : invitation.phone();
    }

    public Flux<Person> list(String town) {
        return admin.call(() -> {
            var roles = new LinkedHashMap<String, List<TownGrant>>();
            var users = new LinkedHashMap<String, UserRepresentation>();
            for (var group : townRoleGroups(town)) {
                var grant = TownGroups.parse(group.getPath()).orElse(null);
                if (grant == null) {
                    continue;
                }
                for (var member : admin.realm().groups().group(group.getId()).members(0, MAX_MEMBERS, false)) {
                    users.putIfAbsent(member.getId(), member);
                    roles.computeIfAbsent(member.getId(), id -> new ArrayList<>()).add(grant);
                }
            }
            return users.values().stream()
                    .map(user -> toPerson(town, user, roles.get(user.getId())))
                    .sorted(Comparator.comparing(Person::username))
                    .toList();
        }).flatMapMany(Flux::fromIterable);
    }

    /** How to reach a person: their name as the town knows them, e-mail and mobile number (either may be null). */
    public record Contact(String id, String name, String email, String phone) {
    }

    /**
     * The people holding a role in this town ({@code organisation} for the organisation roles, else null), with how to
     * reach them: who is told of the town's events. An unknown group holds nobody.
     */
    public Mono<List<Contact>> holders(String town, TownRole role, String organisation) {
        var path = groupPath(town, new RoleAssignment(role, organisation));
        return admin.call(() -> admin.groupByPath(path)
                .map(group -> admin.realm().groups().group(group.getId()).members(0, MAX_MEMBERS, false).stream()
                        .filter(user -> Boolean.TRUE.equals(user.isEnabled()))
                        .map(user -> contact(town, user)).toList())
                .orElse(List.of()));
    }

    /** How to reach one person of this town; empty if they hold no role here (any more). */
    public Mono<Contact> contact(String town, String userId) {
        return admin.call(() -> townGroupsOf(town, userId).isEmpty() ? null
                : contact(town, admin.realm().users().get(userId).toRepresentation()));
    }

    private static Contact contact(String town, UserRepresentation user) {
        var person = toPerson(town, user, List.of());
        var attributes = user.getAttributes() == null ? Map.<String, List<String>>of() : user.getAttributes();
        var townContact = first(attributes.get(townRecord(town, "contact")));
        var phone = townContact != null && !townContact.contains("@") ? townContact : first(attributes.get("phone"));
        var name = (person.familyName() == null ? "" : person.familyName()) + (person.givenName() == null ? "" : person.givenName());
        return new Contact(user.getId(), name.isBlank() ? person.username() : name, person.email(), phone);
    }

    /** A person with their roles in this town; 404 if they hold none here. */
    public Mono<Person> get(String town, String userId) {
        return admin.call(() -> {
            var person = person(town, userId);
            if (person.roles().isEmpty()) {
                throw notInTown(town);
            }
            return person;
        });
    }

    /** Replaces the person's roles in this town; the person must already belong to the town. */
    public Mono<Person> setRoles(String town, String userId, List<RoleAssignment> roles) {
        if (roles.isEmpty()) {
            return Mono.error(ProblemException.badRequest("roles-required",
                    "Give at least one role; to take someone out of the town, remove them instead."));
        }
        var wanted = new HashSet<String>();
        for (var role : roles) {
            wanted.add(groupPath(town, role));
        }
        return admin.call(() -> {
            var current = townGroupsOf(town, userId);
            if (current.isEmpty()) {
                throw notInTown(town);
            }
            var user = admin.realm().users().get(userId);
            for (var path : wanted) {
                if (current.stream().noneMatch(group -> group.getPath().equals(path))) {
                    user.joinGroup(admin.ensureGroup(path).getId());
                }
            }
            for (var group : current) {
                if (!wanted.contains(group.getPath())) {
                    user.leaveGroup(group.getId());
                }
            }
            return person(town, userId);
        });
    }

    /** Takes the person out of every group of this town; their other towns are untouched. */
    public Mono<Void> remove(String town, String userId) {
        return admin.call(() -> {
            var current = townGroupsOf(town, userId);
            if (current.isEmpty()) {
                throw notInTown(town);
            }
            var user = admin.realm().users().get(userId);
            current.forEach(group -> user.leaveGroup(group.getId()));
            forget(town, user);
            return true;
        }).then();
    }

    private UserRepresentation findOrCreate(Invitation invitation) {
        var users = admin.realm().users();
        var email = invitation.email() == null || invitation.email().isBlank() ? null : invitation.email().toLowerCase(Locale.ROOT);
        var username = email != null ? email : invitation.phone();
        List<UserRepresentation> found = email != null ? users.searchByEmail(email, true) : users.search(username, true);
        if (!found.isEmpty()) {
            return found.getFirst();
        }
        var user = new UserRepresentation();
        user.setUsername(username);
        user.setEmail(email);
        user.setEnabled(true);
        user.setLastName(invitation.familyName());
        user.setFirstName(invitation.givenName());
        if (invitation.phone() != null && !invitation.phone().isBlank()) {
            user.setAttributes(Map.of("phone", List.of(invitation.phone())));
        }
        user.setRequiredActions(List.of("UPDATE_PASSWORD"));
        var response = users.create(user);
        if (response.getStatus() == 409) {
            response.close();
            throw new ProblemException(HttpStatus.CONFLICT, "person-exists", "Person exists",
                    "Another account already uses this e-mail or user name; invite by that account's e-mail.");
        }
        var id = KeycloakAdmin.createdId(response);
        if (properties.sendInvitationEmail() && email != null) {
            users.get(id).executeActionsEmail(List.of("UPDATE_PASSWORD", "VERIFY_EMAIL"));
        }
        return users.get(id).toRepresentation();
    }

    private List<GroupRepresentation> townGroupsOf(String town, String userId) {
        var prefix = "/towns/" + town + "/";
        return admin.realm().users().get(userId).groups(0, 1000, false).stream()
                .filter(group -> group.getPath() != null && group.getPath().startsWith(prefix))
                .toList();
    }

    /** The role groups of the town: secretariat, hotline, city-hotline and each organisation's managers/staff. */
    private List<GroupRepresentation> townRoleGroups(String town) {
        var groups = new ArrayList<GroupRepresentation>();
        for (var path : List.of("/secretariat", "/hotline", "/integrations/city-hotline")) {
            admin.groupByPath("/towns/" + town + path).ifPresent(groups::add);
        }
        admin.groupByPath("/towns/" + town + "/orgs").ifPresent(orgs -> {
            for (var org : admin.realm().groups().group(orgs.getId()).getSubGroups(0, MAX_MEMBERS, false)) {
                for (var role : admin.realm().groups().group(org.getId()).getSubGroups(0, 10, false)) {
                    groups.add(role);
                }
            }
        });
        return groups;
    }

    private Person person(String town, String userId) {
        var user = admin.realm().users().get(userId).toRepresentation();
        var roles = townGroupsOf(town, userId).stream()
                .map(group -> TownGroups.parse(group.getPath()).orElse(null))
                .filter(java.util.Objects::nonNull)
                .toList();
        return toPerson(town, user, roles);
    }

    /** The person as this town knows them: its own record where it has one (from its invitation), else the account's. */
    private static Person toPerson(String town, UserRepresentation user, List<TownGrant> roles) {
        var attributes = user.getAttributes() == null ? Map.<String, List<String>>of() : user.getAttributes();
        var contact = first(attributes.get(townRecord(town, "contact")));
        if (contact != null) {
            return new Person(user.getId(), contact, first(attributes.get(townRecord(town, "family-name"))),
                    first(attributes.get(townRecord(town, "given-name"))), contact.contains("@") ? contact : null,
                    Boolean.TRUE.equals(user.isEnabled()), roles == null ? List.of() : List.copyOf(roles));
        }
        return new Person(user.getId(), user.getUsername(), user.getLastName(), user.getFirstName(), user.getEmail(),
                Boolean.TRUE.equals(user.isEnabled()), roles == null ? List.of() : List.copyOf(roles));
    }

    private static String first(List<String> values) {
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    private static String groupPath(String town, RoleAssignment role) {
        if (role == null || role.role() == null) {
            throw ProblemException.badRequest("invalid-role", "A role is required.");
        }
        var organisational = role.role() == TownRole.ORG_MANAGER || role.role() == TownRole.ORG_STAFF;
        if (role.role() == TownRole.CITY_HOTLINE) {
            throw ProblemException.badRequest("invalid-role", "CITY_HOTLINE belongs to the town's 12345 client, not to people.");
        }
        if (organisational != (role.organisation() != null && !role.organisation().isBlank())) {
            throw ProblemException.badRequest("invalid-role", organisational
                    ? role.role() + " needs the organisation it is held in."
                    : role.role() + " is not held in an organisation; leave 'organisation' out.");
        }
        if (organisational && !role.organisation().matches("^[A-Za-z0-9-]{1,64}$")) {
            throw ProblemException.badRequest("invalid-role", "An organisation id is 1 to 64 letters, digits or '-'.");
        }
        return TownGroups.path(town, role.role(), role.organisation());
    }

    private static ProblemException notInTown(String town) {
        return ProblemException.notFound("person-not-in-town", "This person has no role in town '" + town + "'.");
    }

}
