package org.townalliance.platform;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.townalliance.testkit.TestStack;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * People invited by phone log in with their mobile number; what others read never shows it (security review, issue 19
 * item 8): a ticket's timeline, which the firm reads, names the operator who took the call by name.
 */
class PersonalDataTest extends HotlineTest {

    @Test
    @SuppressWarnings("unchecked")
    void anOperatorInvitedByPhoneIsNamedNotNumberedInWhatFirmsRead() {
        var town = town();
        var slug = town.slug();
        var phone = "139" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
        as("sec-" + slug).post().uri("/api/towns/{t}/people", slug).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("phone", phone, "familyName", "王", "givenName", "芳", "role", "HOTLINE"))
                .exchange().expectStatus().isCreated();
        TestStack.users().setPasswordToUsername(phone); // as if the person had set their password
        var ticket = as(phone).post().uri("/api/towns/{t}/tickets", slug).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("kind", "SERVICE_REQUEST", "channel", "PHONE", "categoryCode", "repairs", "estateId", town.estateId(),
                        "reporterPhone", "13700000009", "description", "楼道灯坏了"))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        act("op-" + slug, town, ticket.get("id"), "dispatch", Map.of("organisationId", town.firmA())).expectStatus().isOk();

        var seenByFirm = as("mgr-a-" + slug).get().uri("/api/towns/{t}/tickets/{id}", slug, ticket.get("id")).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(seenByFirm).doesNotContain(phone);
        var timeline = (List<Map<String, Object>>) as("mgr-a-" + slug).get().uri("/api/towns/{t}/tickets/{id}", slug, ticket.get("id"))
                .exchange().expectBody(Map.class).returnResult().getResponseBody().get("timeline");
        assertThat(timeline).anySatisfy(event -> assertThat(event).containsEntry("action", "RECEIVE").containsEntry("actor", "王芳"));
    }

    /** Inviting an account that exists already tells the inviter nothing it holds: the town sees what it typed. */
    @Test
    @SuppressWarnings("unchecked")
    void invitingAnExistingAccountRevealsNothingItHolds() {
        var inviting = onboard("ppl-inv");
        TestStack.users().user("sec-" + inviting, "/towns/" + inviting + "/secretariat");
        var other = onboard("ppl-own");
        var existing = "prior-" + other; // an account of another town, named "Demo prior-…" there
        TestStack.users().user(existing, "/towns/" + other + "/hotline");
        var email = existing + "@alliance.local";

        var invited = as("sec-" + inviting).post().uri("/api/towns/{t}/people", inviting).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "familyName", "李", "givenName", "四", "role", "HOTLINE"))
                .exchange().expectStatus().isCreated().expectBody(String.class).returnResult().getResponseBody();
        assertThat(invited).contains("李", "四", email).doesNotContain("Demo", "\"" + existing + "\"");
        var listed = (List<Map<String, Object>>) as("sec-" + inviting).get().uri("/api/towns/{t}/people", inviting).exchange()
                .expectStatus().isOk().expectBody(List.class).returnResult().getResponseBody();
        assertThat(listed).filteredOn(p -> email.equals(p.get("username"))).singleElement()
                .satisfies(p -> assertThat(p).containsEntry("familyName", "李").containsEntry("givenName", "四"));
        assertThat(listed).noneSatisfy(p -> assertThat(p).containsEntry("username", existing));
        // The account itself and the other town are unchanged: one login, each town its own record.
        var account = TestStack.users().get("/users?exact=true&username=" + existing);
        assertThat(account[1]).contains("\"firstName\":\"Demo\"").contains("\"lastName\":\"" + existing + "\"");
        var seenByOwnTown = (List<Map<String, Object>>) admin().get().uri("/api/towns/{t}/people", other).exchange()
                .expectBody(List.class).returnResult().getResponseBody();
        assertThat(seenByOwnTown).anySatisfy(p -> assertThat(p).containsEntry("username", existing).containsEntry("givenName", "Demo"));
    }
}
