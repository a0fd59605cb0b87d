package org.townalliance.platform;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.http.MediaType;
import org.townalliance.testkit.TestStack;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole election in real browsers, run by three people: the secretariat schedules the general meeting,
 * sets the rules (a seconder required) and opens the election; two firm managers each recommend
 * themselves and second the other's recommendation (accepting before a seconder is refused on the page),
 * accept; the secretariat checks members in and opens the ballot; both managers vote; the secretariat
 * closes and counts, and the offices page shows the new chair. The meeting's record is printable.
 */
class ConsoleGovernanceBrowserTest extends BrowserTest {

    @Test
    @SuppressWarnings("unchecked")
    void threePeopleRunAnElectionAtAGeneralMeeting() {
        var town = town();
        var slug = town.slug();
        TestStack.users().user("mgr-b-" + slug, "/towns/" + slug + "/orgs/" + FIRM_B + "/managers");
        var day = LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(1);

        // The secretariat schedules the general meeting that will vote.
        var secretariat = browser();
        logIn(secretariat, "sec-" + slug, "/console/towns/" + slug + "/meetings");
        waiting(secretariat).until(ExpectedConditions.presenceOfElementLocated(By.id("meeting-form")));
        type(secretariat, "meeting-title", "换届选举成员大会");
        set(secretariat, "meeting-starts", day + "T09:00");
        set(secretariat, "meeting-ends", day + "T11:00");
        type(secretariat, "meeting-location", "大场镇社区服务中心");
        type(secretariat, "meeting-agenda", "选举轮值主席\n审议年度工作计划");
        secretariat.findElement(By.id("meeting-submit")).click();
        waiting(secretariat).until(ExpectedConditions.presenceOfElementLocated(By.id("attendance")));
        var meetingUrl = secretariat.getCurrentUrl();
        var meetingId = meetingUrl.substring(meetingUrl.lastIndexOf('/') + 1);
        assertThat(secretariat.findElement(By.id("agenda")).getText()).contains("选举轮值主席");
        secretariat.findElement(By.cssSelector("#invitation-text summary")).click();
        assertThat(secretariat.findElement(By.cssSelector("#invitation-text pre")).getText()).contains("各成员单位").contains("换届选举成员大会");
        assertThat(secretariat.findElement(By.id("download-ics")).getAttribute("href")).endsWith("/invitation.ics");

        // Rules: a member's recommendation needs a seconder. Then the election for the rotating chair.
        secretariat.findElement(By.id("nav-elections")).click();
        waiting(secretariat).until(ExpectedConditions.presenceOfElementLocated(By.id("rules-form")));
        if (!secretariat.findElement(By.id("rules-seconder")).isSelected()) {
            secretariat.findElement(By.id("rules-seconder")).click();
        }
        secretariat.findElement(By.id("rules-submit")).click();
        waiting(secretariat).until(ExpectedConditions.textToBePresentInElementLocated(By.id("done-notice"), "选举规则已保存"));
        new Select(secretariat.findElement(By.id("election-office"))).selectByValue("rotating-chair");
        type(secretariat, "election-title", "2027 年度轮值主席选举");
        set(secretariat, "election-close", LocalDate.now(ZoneId.of("Asia/Shanghai")).toString());
        new Select(secretariat.findElement(By.id("election-meeting"))).selectByValue(meetingId);
        secretariat.findElement(By.id("election-submit")).click();
        waiting(secretariat).until(ExpectedConditions.textToBePresentInElementLocated(By.id("election-status"), "提名中"));
        var electionPath = secretariat.getCurrentUrl().substring(base().length());
        shot(secretariat, "30-election-opened");

        // Two managers recommend themselves; accepting before a seconder is refused on the page.
        var managerA = browser();
        logIn(managerA, "mgr-a-" + slug, electionPath);
        var managerB = browser();
        logIn(managerB, "mgr-b-" + slug, electionPath);
        var personA = recommendSelf(managerA, "mgr-a-" + slug, town.firmA());
        var personB = recommendSelf(managerB, "mgr-b-" + slug, town.firmB());
        managerB.navigate().refresh();
        managerB.findElement(By.id("accept-" + personB)).click();
        waiting(managerB).until(ExpectedConditions.presenceOfElementLocated(By.id("form-problem")));
        assertThat(managerB.findElement(By.id("form-problem")).getText()).contains("附议");
        shot(managerB, "31-accept-refused-not-seconded");
        managerB.findElement(By.id("second-" + personA)).click();
        waiting(managerB).until(ExpectedConditions.textToBePresentInElementLocated(By.id("done-notice"), "已附议"));
        managerA.navigate().refresh();
        managerA.findElement(By.id("second-" + personB)).click();
        waiting(managerA).until(ExpectedConditions.textToBePresentInElementLocated(By.id("done-notice"), "已附议"));
        managerA.findElement(By.id("accept-" + personA)).click();
        waiting(managerA).until(ExpectedConditions.textToBePresentInElementLocated(By.id("candidate-" + personA), "已接受"));
        managerB.navigate().refresh();
        managerB.findElement(By.id("accept-" + personB)).click();
        waiting(managerB).until(ExpectedConditions.textToBePresentInElementLocated(By.id("candidate-" + personB), "已接受"));
        shot(managerB, "32-candidates-accepted");

        // The meeting: too few members checked in refuses the ballot; the secretariat checks two in on the
        // page and (for brevity) fifteen more through the API, then opens the ballot.
        secretariat.navigate().to(base() + "/console/towns/" + slug + "/meetings/" + meetingId);
        for (var firm : List.of(town.firmA(), town.firmB())) {
            type(secretariat, "check-in-name-" + firm, "代表" + firm.substring(0, 4));
            secretariat.findElement(By.id("check-in-" + firm)).click();
            waiting(secretariat).until(ExpectedConditions.textToBePresentInElementLocated(By.id("attendee-" + firm), "代表" + firm.substring(0, 4) + " ·"));
        }
        secretariat.navigate().to(base() + electionPath);
        secretariat.findElement(By.id("ballot-open")).click();
        waiting(secretariat).until(ExpectedConditions.presenceOfElementLocated(By.id("form-problem")));
        assertThat(secretariat.findElement(By.id("form-problem")).getText()).contains("法定人数");
        var members = (List<Map<String, Object>>) as("sec-" + slug).get().uri("/api/towns/{t}/members", slug).exchange()
                .expectBody(List.class).returnResult().getResponseBody();
        members.stream().map(m -> (String) m.get("organisationId")).filter(id -> !id.equals(town.firmA()) && !id.equals(town.firmB())).limit(15)
                .forEach(organisation -> as("sec-" + slug).post().uri("/api/towns/{t}/meetings/{m}/check-in", slug, meetingId)
                        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("organisationId", organisation, "name", "代表")).exchange()
                        .expectStatus().isOk());
        secretariat.findElement(By.id("ballot-open")).click();
        waiting(secretariat).until(ExpectedConditions.textToBePresentInElementLocated(By.id("election-status"), "投票中"));
        shot(secretariat, "33-ballot-open");

        // Both managers vote for B; each sees their organisation's vote recorded and no second ballot form.
        for (var manager : List.of(managerA, managerB)) {
            manager.navigate().refresh();
            var organisation = manager == managerA ? town.firmA() : town.firmB();
            manager.findElement(By.id("choice-" + organisation + "-" + personB)).click();
            manager.findElement(By.id("vote-submit-" + organisation)).click();
            waiting(manager).until(ExpectedConditions.presenceOfElementLocated(By.id("voted-" + organisation)));
            assertThat(manager.findElements(By.id("vote-" + organisation))).isEmpty();
        }
        shot(managerA, "34-voted");

        // The secretariat closes and counts: B is elected, the tally is shown, the offices page has the new chair.
        secretariat.navigate().refresh();
        assertThat(secretariat.findElement(By.id("round-1")).getText()).contains("17 / 33").contains("2");
        secretariat.findElement(By.id("ballot-close")).click();
        waiting(secretariat).until(ExpectedConditions.presenceOfElementLocated(By.id("election-result")));
        assertThat(secretariat.findElement(By.id("election-result")).getText()).contains("mgr-b-" + slug).contains("当选");
        assertThat(secretariat.findElement(By.id("round-1")).getText()).contains("mgr-b-" + slug + "Demo：2").contains("产生当选人");
        shot(secretariat, "35-election-result");
        secretariat.findElement(By.id("nav-offices")).click();
        waiting(secretariat).until(ExpectedConditions.presenceOfElementLocated(By.id("office-rotating-chair")));
        assertThat(secretariat.findElement(By.id("office-rotating-chair")).getText()).contains("mgr-b-" + slug);

        // The meeting's record: a resolution, the minutes, the printable page.
        secretariat.navigate().to(base() + "/console/towns/" + slug + "/meetings/" + meetingId);
        type(secretariat, "resolution-text", "通过 2027 年度工作计划");
        type(secretariat, "resolution-for", "17");
        secretariat.findElement(By.id("resolution-submit")).click();
        waiting(secretariat).until(ExpectedConditions.textToBePresentInElementLocated(By.id("resolutions"), "通过"));
        type(secretariat, "minutes-text", "一、选举产生 2027 年度轮值主席。二、通过年度工作计划。");
        secretariat.findElement(By.id("minutes-submit")).click();
        waiting(secretariat).until(ExpectedConditions.textToBePresentInElementLocated(By.id("meeting-status"), "已召开"));
        secretariat.findElement(By.id("print")).click();
        waiting(secretariat).until(ExpectedConditions.presenceOfElementLocated(By.id("print-minutes")));
        assertThat(secretariat.findElement(By.id("print-minutes")).getText()).contains("轮值主席");
        shot(secretariat, "36-minutes-printable");
        for (var browser : List.of(secretariat, managerA, managerB)) {
            noConsoleErrors(browser);
        }
    }

    /** The manager's own recommendation, for the firm they head; answers their person id. */
    private String recommendSelf(WebDriver manager, String username, String firm) {
        waiting(manager).until(ExpectedConditions.presenceOfElementLocated(By.id("propose-form")));
        var person = new Select(manager.findElement(By.id("propose-person")));
        var option = person.getOptions().stream().filter(o -> o.getText().contains("(" + username + ")")).findFirst().orElseThrow();
        var personId = option.getAttribute("value");
        person.selectByValue(personId);
        new Select(manager.findElement(By.id("propose-organisation"))).selectByValue(firm);
        new Select(manager.findElement(By.id("propose-by"))).selectByValue(firm);
        type(manager, "propose-statement", "愿为联盟服务");
        manager.findElement(By.id("propose-submit")).click();
        waiting(manager).until(ExpectedConditions.presenceOfElementLocated(By.id("candidate-" + personId)));
        return personId;
    }

    private static void type(WebDriver browser, String id, String text) {
        var field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    /** Date and time inputs take their value as the browser's own picker would set it. */
    private static void set(WebDriver browser, String id, String value) {
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1]", browser.findElement(By.id(id)), value);
    }
}
