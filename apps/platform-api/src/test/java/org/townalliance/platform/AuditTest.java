package org.townalliance.platform;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.townalliance.testkit.TestStack;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every write and every privileged read leaves an audit record; ordinary reads do not. */
class AuditTest extends PlatformTest {

    @Test
    void writesRefusalsAndPrivilegedReadsAreAudited() {
        var town = onboard("audit");
        var secretary = "sec-" + town;
        TestStack.users().user(secretary, "/towns/" + town + "/secretariat");
        TestStack.users().user("stranger-" + town, "/towns/" + onboard("audit-x") + "/secretariat");

        as(secretary).put().uri("/api/towns/{town}/settings", town).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("k", "v")).exchange().expectStatus().isOk();
        as(secretary).get().uri("/api/towns/{town}/settings", town).exchange().expectStatus().isOk();
        as("stranger-" + town).put().uri("/api/towns/{town}/settings", town).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("k", "evil")).exchange().expectStatus().isForbidden();
        admin().get().uri("/api/towns/{town}/settings", town).exchange().expectStatus().isOk();

        var where = " from platform.audit_event where town = '" + town + "'";
        assertThat(count("select count(*)" + where + " and method = 'PUT' and status = 200 and actor_username = '" + secretary + "'"))
                .isEqualTo(1);
        assertThat(count("select count(*)" + where + " and method = 'PUT' and status = 403 and actor_username = 'stranger-" + town + "'"))
                .isEqualTo(1);
        assertThat(count("select count(*)" + where + " and method = 'GET' and actor_username = '" + secretary + "'")).isZero();
        assertThat(count("select count(*)" + where + " and method = 'GET' and actor_username = 'platform-admin'"
                + " and privileged is not null")).isEqualTo(1);

        admin().get().uri("/api/platform/audit?town={town}&limit=2", town).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items.length()").isEqualTo(2)
                .jsonPath("$.next").exists();
    }
}
