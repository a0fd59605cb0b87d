package org.townalliance.console;

import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a town's pages show around their content: me and my towns (the switcher), this town and my
 * roles in it, and the names behind codes and ids (categories, member organisations). Estates are not
 * part of it: a town may have thousands; pages search them instead.
 */
@Component
class TownPages {

    private static final Set<String> OPERATIONS_CENTRE = Set.of("HOTLINE", "SECRETARIAT");

    /** Everything a town page needs besides its own content. */
    record Frame(Map<String, Object> me, List<Map<String, Object>> towns, Map<String, Object> town, Set<String> roles,
                 Map<String, String> categories, List<Map<String, Object>> categoryList, Map<String, String> organisations,
                 List<Map<String, Object>> members, Formats fmt) {

        public boolean operationsCentre() {
            return roles.stream().anyMatch(OPERATIONS_CENTRE::contains);
        }

        public boolean secretariat() {
            return roles.contains("SECRETARIAT");
        }

        /** Manages people: the secretariat for the town, a member's managers for their organisation. */
        public boolean managesPeople() {
            return secretariat() || roles.contains("ORG_MANAGER");
        }

        public boolean organisationPerson() {
            return roles.contains("ORG_MANAGER") || roles.contains("ORG_STAFF");
        }

        /** Organisation roles name the member by its credit code (USCC). */
        public String organisationNameByUscc(String uscc) {
            return members.stream().filter(m -> uscc.equals(m.get("uscc"))).map(m -> (String) m.get("nameZh")).findFirst().orElse(uscc);
        }

        public String slug() {
            return (String) town.get("slug");
        }

        /** My Keycloak subject (the person id the API names people by). */
        public String subject() {
            return (String) me.get("subject");
        }

        /** The member organisations (ids) I work for in this town (manager or staff). */
        @SuppressWarnings("unchecked")
        public List<String> organisationIds() {
            var codes = ((List<Map<String, Object>>) town.get("roles")).stream()
                    .filter(r -> "ORG_MANAGER".equals(r.get("role")) || "ORG_STAFF".equals(r.get("role")))
                    .map(r -> (String) r.get("organisation")).toList();
            return members.stream().filter(m -> codes.contains(m.get("uscc"))).map(m -> (String) m.get("organisationId")).toList();
        }

        /** The member organisations (ids) I manage in this town: those I vote for in an election. */
        @SuppressWarnings("unchecked")
        public List<String> managedOrganisationIds() {
            var codes = ((List<Map<String, Object>>) town.get("roles")).stream().filter(r -> "ORG_MANAGER".equals(r.get("role")))
                    .map(r -> (String) r.get("organisation")).toList();
            return members.stream().filter(m -> codes.contains(m.get("uscc"))).map(m -> (String) m.get("organisationId")).toList();
        }
    }

    private final ConsoleApi api;

    TownPages(ConsoleApi api) {
        this.api = api;
    }

    @SuppressWarnings("unchecked")
    Mono<Frame> frame(OAuth2AuthorizedClient person, String slug) {
        var town = api.get(person, "/api/towns/{town}", slug); // 403 / 404 here: the refusal page
        return town.flatMap(t -> Mono.zip(api.get(person, "/api/me"), api.list(person, "/api/towns/{town}/hotline/categories", slug),
                        api.list(person, "/api/towns/{town}/members", slug))
                .map(found -> {
                    var me = found.getT1();
                    var roles = ((List<Map<String, Object>>) t.get("roles")).stream().map(r -> (String) r.get("role")).collect(Collectors.toSet());
                    var categories = new LinkedHashMap<String, String>();
                    var categoryList = new ArrayList<Map<String, Object>>();
                    for (var root : found.getT2()) {
                        categories.put((String) root.get("code"), (String) root.get("nameZh"));
                        if (Boolean.TRUE.equals(root.get("active"))) {
                            categoryList.add(root);
                        }
                        for (var child : (List<Map<String, Object>>) root.get("children")) {
                            categories.put((String) child.get("code"), root.get("nameZh") + " / " + child.get("nameZh"));
                            if (Boolean.TRUE.equals(child.get("active"))) {
                                categoryList.add(Map.of("code", child.get("code"), "nameZh", categories.get(child.get("code"))));
                            }
                        }
                    }
                    var organisations = found.getT3().stream().collect(Collectors.toMap(m -> (String) m.get("organisationId"),
                            m -> (String) m.get("nameZh"), (a, b) -> a));
                    return new Frame(me, (List<Map<String, Object>>) me.get("towns"), t, roles, categories, categoryList, organisations,
                            found.getT3(), new Formats(ZoneId.of((String) t.get("timezone"))));
                }));
    }
}
