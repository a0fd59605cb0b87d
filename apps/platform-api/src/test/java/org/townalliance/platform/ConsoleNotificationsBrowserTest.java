package org.townalliance.platform;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 21 in a real browser: a firm manager keeps the inbox page of the firm open; as the operations centre dispatches
 * tickets to the firm, the header's badge counts up live (1, then 2) without a reload; the manager opens the messages,
 * follows one to its ticket, marks all read (the badge goes away), and chooses SMS for dispatches in the settings.
 */
class ConsoleNotificationsBrowserTest extends BrowserTest {

    @Test
    void theBadgeCountsUpLiveAndTheInboxOpensTheTicket() {
        var town = town();
        var slug = town.slug();
        var manager = browser();
        logIn(manager, "mgr-a-" + slug, "/console/towns/" + slug);
        waiting(manager).until(ExpectedConditions.presenceOfElementLocated(By.id("inbox-link")));
        assertThat(manager.findElement(By.id("unread-badge")).isDisplayed()).isFalse();

        var first = intake(town, null, "13600000031");
        act("op-" + slug, town, first.get("id"), "dispatch", Map.of("organisationId", town.firmA())).expectStatus().isOk();
        waiting(manager).until(ExpectedConditions.textToBe(By.id("unread-badge"), "1"));
        var second = intake(town, null, "13600000032");
        act("op-" + slug, town, second.get("id"), "dispatch", Map.of("organisationId", town.firmA())).expectStatus().isOk();
        waiting(manager).until(ExpectedConditions.textToBe(By.id("unread-badge"), "2"));
        assertThat(manager.findElement(By.id("unread-badge")).getAttribute("title")).contains(second.get("number").toString());
        shot(manager, "90-notifications-badge");

        manager.findElement(By.id("inbox-link")).click();
        waiting(manager).until(ExpectedConditions.presenceOfElementLocated(By.id("notifications")));
        var rows = manager.findElements(By.cssSelector("#notifications tbody tr"));
        assertThat(rows).hasSize(2);
        assertThat(rows.getFirst().getText()).contains(second.get("number").toString()).contains("未读");
        shot(manager, "91-notifications-inbox");
        rows.getLast().findElement(By.cssSelector("button[name=open]")).click();
        waiting(manager).until(ExpectedConditions.urlContains("/console/towns/" + slug + "/tickets/" + first.get("id")));
        waiting(manager).until(ExpectedConditions.textToBe(By.id("unread-badge"), "1"));

        manager.findElement(By.id("inbox-link")).click();
        waiting(manager).until(ExpectedConditions.presenceOfElementLocated(By.id("read-all"))).click();
        waiting(manager).until(ExpectedConditions.invisibilityOfElementLocated(By.id("unread-badge")));
        assertThat(manager.findElements(By.cssSelector("#notifications .badge.warning"))).isEmpty();

        manager.findElement(By.id("preferences-link")).click();
        waiting(manager).until(ExpectedConditions.presenceOfElementLocated(By.id("preferences-form")));
        assertThat(manager.findElement(By.id("TICKET_DISPATCHED.EMAIL")).isSelected()).isTrue();
        manager.findElement(By.id("TICKET_DISPATCHED.SMS")).click();
        manager.findElement(By.id("save-preferences")).click();
        waiting(manager).until(ExpectedConditions.presenceOfElementLocated(By.id("preferences-saved")));
        assertThat(manager.findElement(By.id("TICKET_DISPATCHED.SMS")).isSelected()).isTrue();
        assertThat(manager.findElement(By.id("TICKET_ESCALATED.SMS")).isSelected()).isTrue();
        shot(manager, "92-notifications-preferences");
        noConsoleErrors(manager);
    }

    /** The platform admin's page: the town's SMS against its quota (here 0: the resident's SMS dies) and the dead letter, sent again. */
    @Test
    void thePlatformAdminSeesTheQuotaCounterAndSendsADeadLetterAgain() {
        var town = town();
        var slug = town.slug();
        as("sec-" + slug).put().uri("/api/towns/{t}/notification-settings", slug).contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("emailEnabled", true, "smsEnabled", true, "robotsEnabled", true, "smsMonthlyQuota", 0))
                .exchange().expectStatus().isOk();
        intake(town, null, "13600000033");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> count(
                "select count(*) from platform.notification_delivery where town = '" + slug + "' and status = 'DEAD'") == 1);
        var admin = browser();
        logIn(admin, "platform-admin", "/console/platform/notifications");
        var dead = waiting(admin).until(ExpectedConditions.presenceOfElementLocated(By.id("dead-letters")));
        var row = dead.findElements(By.cssSelector("tbody tr")).stream().filter(r -> r.getText().contains(slug)).findFirst().orElseThrow();
        assertThat(row.getText()).contains("SMS quota used up").contains("136****0033").doesNotContain("13600000033");
        assertThat(admin.findElement(By.id("sms-use")).getText()).contains(slug);
        assertThat(admin.findElement(By.id("channel-figures")).getText()).contains("短信");
        shot(admin, "93-platform-notifications");
        row.findElement(By.cssSelector("button")).click();
        waiting(admin).until(ExpectedConditions.presenceOfElementLocated(By.id("retried")));
        noConsoleErrors(admin);
    }
}
