package org.townalliance.testkit;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The choice between embedded providers and Testcontainers, with Docker's answer faked (the one thing that cannot run here). */
class StackSelectionTest {

    @Test
    void autoTakesContainersOnlyWhenADockerEngineAnswers() {
        assertThat(StackSelection.select(null, true, () -> true)).isEqualTo(StackSelection.Provider.TESTCONTAINERS);
        assertThat(StackSelection.select("auto", true, () -> false)).isEqualTo(StackSelection.Provider.EMBEDDED);
        assertThat(StackSelection.select(" AUTO ", true, () -> true)).isEqualTo(StackSelection.Provider.TESTCONTAINERS);
    }

    @Test
    void withoutASignOfDockerItIsNotEvenAsked() {
        var asked = new AtomicInteger();
        assertThat(StackSelection.select("", false, () -> asked.incrementAndGet() > 0)).isEqualTo(StackSelection.Provider.EMBEDDED);
        assertThat(asked).hasValue(0);
    }

    @Test
    void anExplicitChoiceWinsAndContainersWithoutDockerAreAClearError() {
        assertThat(StackSelection.select("embedded", true, () -> true)).isEqualTo(StackSelection.Provider.EMBEDDED);
        assertThat(StackSelection.select("testcontainers", false, () -> true)).isEqualTo(StackSelection.Provider.TESTCONTAINERS);
        assertThatThrownBy(() -> StackSelection.select("testcontainers", true, () -> false)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no Docker engine");
        assertThatThrownBy(() -> StackSelection.select("docker", true, () -> true)).isInstanceOf(IllegalArgumentException.class);
    }
}
