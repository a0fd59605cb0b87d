package org.townalliance.identity;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TownGroupsTest {

    @Test
    void readsEveryDocumentedGroupIntoAGrant() {
        var grants = TownGroups.grants(List.of(
                "/towns/dachang/secretariat",
                "/towns/dachang/hotline",
                "/towns/gucun/orgs/91310113MA1GK0XX1A/managers",
                "/towns/gucun/orgs/firm-7/staff",
                "/towns/luojing/integrations/city-hotline"));

        assertThat(grants).containsExactlyInAnyOrder(
                new TownGrant("dachang", TownRole.SECRETARIAT, null),
                new TownGrant("dachang", TownRole.HOTLINE, null),
                new TownGrant("gucun", TownRole.ORG_MANAGER, "91310113MA1GK0XX1A"),
                new TownGrant("gucun", TownRole.ORG_STAFF, "firm-7"),
                new TownGrant("luojing", TownRole.CITY_HOTLINE, null));
    }

    @Test
    void ignoresAnythingOutsideTheTree() {
        assertThat(TownGroups.grants(List.of(
                "/towns", "/towns/dachang", "/towns/dachang/secretariat/extra", "/towns/Dachang/secretariat",
                "/towns/d/secretariat", "/other/dachang/secretariat", "/towns/dachang/orgs/x/owners",
                "/towns/dachang/orgs/../managers", "towns/dachang/secretariat"))).isEmpty();
    }

    @Test
    void pathAndParseAreInverse() {
        for (var role : TownRole.values()) {
            var organisation = role == TownRole.ORG_MANAGER || role == TownRole.ORG_STAFF ? "org-1" : null;
            var path = TownGroups.path("dachang", role, organisation);
            assertThat(TownGroups.parse(path)).contains(new TownGrant("dachang", role, organisation));
        }
    }

    @Test
    void aPersonInThreeTownsHasThreeSetsOfGrantsAndNoFourth() {
        var caller = new Caller("sub", "manager", false, TownGroups.grants(List.of(
                "/towns/a-town/orgs/f1/managers", "/towns/b-town/orgs/f1/managers", "/towns/c-town/orgs/f1/staff")));

        assertThat(caller.towns()).containsExactly("a-town", "b-town", "c-town");
        assertThat(caller.hasAnyGrantIn("d-town")).isFalse();
        assertThat(caller.hasRoleIn("c-town", TownRole.ORG_MANAGER)).isFalse();
        assertThat(caller.grantsIn("a-town")).hasSize(1);
    }
}
