package org.townalliance.platform;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A mediation case to agreement in real browsers: the secretariat opens it (residents against firm A, a linked
 * ticket), records a session, an agreement missing its follow-up day is refused on the page, then recorded, then
 * followed up; firm A's manager reads the case; firm B's staff does not see it.
 */
class ConsoleMediationBrowserTest extends BrowserTest {

    @Test
    void aCaseGoesToAnAgreementAndOnlyThePartiesSeeIt() {
        var town = town();
        var slug = town.slug();
        var ticket = intake(town, null, "13600136000");
        var secretariat = browser();
        logIn(secretariat, "sec-" + slug, "/console/towns/" + slug + "/mediation");
        waiting(secretariat).until(ExpectedConditions.presenceOfElementLocated(By.id("case-form")));
        secretariat.findElement(By.id("case-title")).sendKeys("乾溪新村停车费争议");
        new Select(secretariat.findElement(By.id("case-firm"))).selectByValue(town.firmA());
        secretariat.findElement(By.id("case-residents")).sendKeys("乾溪新村业主委员会");
        secretariat.findElement(By.id("case-mediator")).sendKeys("镇房管办 李明");
        secretariat.findElement(By.id("case-tickets")).sendKeys("#" + ticket.get("number"));
        secretariat.findElement(By.id("case-subject")).sendKeys("业主对停车费上调有异议");
        secretariat.findElement(By.id("case-submit")).click();
        waiting(secretariat).until(ExpectedConditions.textToBePresentInElementLocated(By.id("case-status"), "调解中"));

        set(secretariat, "session-date", "2026-11-20");
        secretariat.findElement(By.id("session-attendees")).sendKeys("业委会 3 人，物业 2 人");
        secretariat.findElement(By.id("session-notes")).sendKeys("双方陈述意见，物业同意公开成本。");
        secretariat.findElement(By.id("session-submit")).click();
        waiting(secretariat).until(ExpectedConditions.textToBePresentInElementLocated(By.id("sessions"), "公开成本"));

        secretariat.findElement(By.id("outcome-terms")).sendKeys("停车费上调推迟至明年，期间公开成本。");
        secretariat.findElement(By.id("outcome-submit")).click();
        waiting(secretariat).until(ExpectedConditions.presenceOfElementLocated(By.id("form-problem")));
        assertThat(secretariat.findElement(By.id("form-problem")).getText()).contains("回访日期");
        secretariat.findElement(By.id("outcome-terms")).sendKeys("停车费上调推迟至明年，期间公开成本。");
        set(secretariat, "outcome-follow-up", "2027-02-01");
        secretariat.findElement(By.id("outcome-submit")).click();
        waiting(secretariat).until(ExpectedConditions.textToBePresentInElementLocated(By.id("case-status"), "达成协议"));
        secretariat.findElement(By.id("follow-up-result")).sendKeys("已公开成本，未调价。");
        secretariat.findElement(By.id("follow-up-kept")).click();
        secretariat.findElement(By.id("follow-up-submit")).click();
        waiting(secretariat).until(ExpectedConditions.textToBePresentInElementLocated(By.id("case-follow-up"), "协议已履行"));
        shot(secretariat, "70-mediation-agreed");

        var firm = browser();
        logIn(firm, "mgr-a-" + slug, "/console/towns/" + slug + "/mediation");
        var row = waiting(firm).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#cases tbody tr a")));
        row.click();
        waiting(firm).until(ExpectedConditions.textToBePresentInElementLocated(By.id("case-terms"), "推迟"));
        assertThat(firm.findElements(By.id("outcome-form"))).isEmpty();

        var other = browser();
        logIn(other, "staff-b-" + slug, "/console/towns/" + slug + "/mediation");
        waiting(other).until(ExpectedConditions.presenceOfElementLocated(By.id("cases")));
        assertThat(other.findElement(By.id("cases")).getText()).doesNotContain("停车费争议");
        for (var browser : java.util.List.of(secretariat, firm, other)) {
            noConsoleErrors(browser);
        }
    }

    private static void set(org.openqa.selenium.WebDriver browser, String id, String value) {
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1]", browser.findElement(By.id(id)), value);
    }
}
