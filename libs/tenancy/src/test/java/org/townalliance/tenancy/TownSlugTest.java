package org.townalliance.tenancy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.townalliance.web.ProblemException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TownSlugTest {

    @ParameterizedTest
    @ValueSource(strings = {"dachang", "gu-cun", "t1", "luojing-2"})
    void acceptsSlugsOfTheDocumentedShape(String slug) {
        assertThat(new TownSlug(slug).schemaName()).isEqualTo("town_" + slug.replace('-', '_'));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"a", "Dachang", "1town", "-town", "town_a", "town a", "town;drop schema platform",
            "town\"x", "镇"})
    void refusesAnythingElseBeforeItReachesSql(String slug) {
        assertThat(TownSlug.isValid(slug)).isFalse();
        assertThatThrownBy(() -> new TownSlug(slug))
                .isInstanceOfSatisfying(ProblemException.class, problem -> {
                    assertThat(problem.status().value()).isEqualTo(400);
                    assertThat(problem.code()).isEqualTo("invalid-town-slug");
                });
    }

    @org.junit.jupiter.api.Test
    void slugsAreAtMost31Characters() {
        assertThat(TownSlug.isValid("a" + "1".repeat(30))).isTrue();
        assertThat(TownSlug.isValid("a" + "1".repeat(31))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "a-b", "abc-def-1"})
    void schemaNamesNeverCollideBecauseSlugsHaveNoUnderscore(String slug) {
        assertThat(new TownSlug(slug).schemaName()).matches("^town_[a-z][a-z0-9_]{1,30}$");
    }
}
