package org.townalliance.platform;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.townalliance.testkit.TestStack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in a real browser: headless Chromium from Debian (installed by .ci/run; Selenium is
 * pointed at it, nothing is downloaded), the real Keycloak login page, the running platform. Each step
 * leaves a screenshot under target/screenshots/ for review.
 */
class ConsoleBrowserTest extends BrowserTest {

    @Test
    void anOperatorTakesInAndDispatchesWhileTheSecretariatWatchesTheBoardLive() {
        var town = town();
        var slug = town.slug();
        var operator = browser();
        logIn(operator, "op-" + slug, "/console");
        waiting(operator).until(ExpectedConditions.presenceOfElementLocated(By.id("intake-form")));
        assertThat(operator.findElement(By.tagName("h1")).getText()).contains("派单看板");
        shot(operator, "01-operator-board");

        var secretariat = browser();
        logIn(secretariat, "sec-" + slug, "/console/towns/" + slug);
        waiting(secretariat).until(ExpectedConditions.presenceOfElementLocated(By.id("board")));
        shot(secretariat, "02-secretariat-board-before");

        new Select(operator.findElement(By.id("categoryCode"))).selectByValue("repairs-elevator");
        // The estate is searched as the operator types; the list offers "name · address".
        operator.findElement(By.id("estate")).sendKeys("乾溪");
        waiting(operator).until(d -> !d.findElements(By.cssSelector("#estate-options option")).isEmpty());
        var offered = operator.findElement(By.cssSelector("#estate-options option")).getAttribute("value");
        assertThat(offered).isEqualTo("乾溪新村 · 乾溪路100弄");
        operator.findElement(By.id("estate")).clear();
        operator.findElement(By.id("estate")).sendKeys(offered);
        operator.findElement(By.id("reporterName")).sendKeys("王阿姨");
        operator.findElement(By.id("reporterPhone")).sendKeys("1381234abc");
        operator.findElement(By.id("description")).sendKeys("5号楼电梯停在两层之间");
        shot(operator, "03-intake-filled");
        operator.findElement(By.id("intake-submit")).click();
        // The API refuses the phone number: the form comes back with the reason beside the field, nothing typed is lost.
        waiting(operator).until(ExpectedConditions.presenceOfElementLocated(By.id("error-reporterPhone")));
        assertThat(operator.findElement(By.id("error-reporterPhone")).getText()).contains("电话号码只能包含数字");
        assertThat(operator.findElement(By.id("form-problem")).getText()).contains("填写的内容不完整或格式不对");
        assertThat(operator.findElement(By.id("description")).getAttribute("value")).isEqualTo("5号楼电梯停在两层之间");
        assertThat(operator.findElement(By.id("estate")).getAttribute("value")).isEqualTo(offered);
        assertThat(new Select(operator.findElement(By.id("categoryCode"))).getFirstSelectedOption().getAttribute("value")).isEqualTo("repairs-elevator");
        shot(operator, "03b-intake-refused-inline");
        operator.findElement(By.id("reporterPhone")).clear();
        operator.findElement(By.id("reporterPhone")).sendKeys("13812340000");
        operator.findElement(By.id("intake-submit")).click();
        waiting(operator).until(ExpectedConditions.presenceOfElementLocated(By.id("created-notice")));
        shot(operator, "04-intake-done");

        // The secretariat's board shows it without a reload.
        waiting(secretariat).until(ExpectedConditions.textToBePresentInElementLocated(By.id("board-rows"), "5号楼电梯停在两层之间"));
        shot(secretariat, "05-secretariat-board-live");

        operator.findElement(By.linkText(operator.findElement(By.cssSelector("#board-rows tr td a")).getText())).click();
        waiting(operator).until(ExpectedConditions.presenceOfElementLocated(By.id("dispatch-form")));
        assertThat(new Select(operator.findElement(By.id("organisationId"))).getFirstSelectedOption().getAttribute("value")).isEqualTo(town.firmA());
        operator.findElement(By.id("dispatch")).click();
        waiting(operator).until(ExpectedConditions.textToBePresentInElementLocated(By.id("ticket-status"), "已派单"));
        shot(operator, "06-ticket-dispatched");
        waiting(secretariat).until(d -> d.findElement(By.cssSelector("#board-rows tr")).getText().contains("已派单"));
        noConsoleErrors(operator);
        noConsoleErrors(secretariat);

        // The town's dashboard charts the period's tickets.
        secretariat.findElement(By.id("nav-dashboard")).click();
        waiting(secretariat).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#chart-status canvas")));
        assertThat(secretariat.findElement(By.id("total")).getText()).contains("1");
        assertThat(secretariat.findElement(By.id("organisations")).getText()).contains("上海大场物业管理有限公司");
        shot(secretariat, "06b-dashboard");
        noConsoleErrors(secretariat);

        operator.get(base() + "/console/towns/" + slug + "?lang=en");
        waiting(operator).until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Dispatch board"));
        shot(operator, "07-board-in-english");
    }

    @Test
    void aManagerOfTwoTownsSwitchesInOneClickAndSeesOnlyThatTownsTickets() {
        var first = town();
        var second = town();
        var manager = "mgr-two-" + first.slug();
        TestStack.users().user(manager, "/towns/" + first.slug() + "/orgs/" + FIRM_A + "/managers",
                "/towns/" + second.slug() + "/orgs/" + FIRM_A + "/managers");
        var id = intake(first, null, "13700009999").get("id");
        act("op-" + first.slug(), first, id, "dispatch", java.util.Map.of("organisationId", first.firmA())).expectStatus().isOk();

        var browser = browser();
        logIn(browser, manager, "/console");
        waiting(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("town-" + first.slug())));
        shot(browser, "08-manager-home-two-towns");
        browser.findElement(By.id("town-" + first.slug())).click();
        waiting(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("board-rows"), "3号楼电梯不动了"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).contains("我单位的工单");
        shot(browser, "09-manager-inbox-first-town");
        browser.findElement(By.id("town-" + second.slug())).click();
        waiting(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("empty-board")));
        assertThat(browser.findElement(By.id("board-rows")).getText()).doesNotContain("3号楼电梯不动了");
        shot(browser, "10-manager-inbox-second-town");

        // The town is remembered: the next visit opens it directly.
        browser.get(base() + "/console");
        waiting(browser).until(d -> d.getCurrentUrl().endsWith("/console/towns/" + second.slug()));
        noConsoleErrors(browser);
    }

    @Test
    void aPersonWithoutAGrantIsRefusedClearlyAndLoggingOutEndsTheKeycloakSessionToo() {
        var town = town();
        var browser = browser();
        logIn(browser, "resident-nobody", "/console");
        waiting(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("no-towns")));
        browser.get(base() + "/console/towns/" + town.slug());
        waiting(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("problem-message")));
        assertThat(browser.findElement(By.id("problem-message")).getText()).contains("您在这个镇没有角色");
        shot(browser, "11-refused-no-grant");

        browser.get(base() + "/console");
        waiting(browser).until(ExpectedConditions.elementToBeClickable(By.id("logout"))).click();
        // Keycloak's session is over too: the console asks for a login again.
        waiting(browser).until(d -> d.getCurrentUrl().endsWith("/console") || d.findElements(By.id("username")).size() > 0);
        browser.get(base() + "/console");
        waiting(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        shot(browser, "12-logged-out");
    }

    @Test
    void thePlatformAdminOnboardsATownAndSeesEachStep() {
        var browser = browser();
        logIn(browser, "platform-admin", "/console/platform/towns");
        waiting(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("onboard-form")));
        var slug = uniqueSlug("web");
        browser.findElement(By.cssSelector("details.intake > summary")).click();
        browser.findElement(By.id("slug")).sendKeys(slug);
        browser.findElement(By.id("nameZh")).sendKeys("罗泾镇");
        browser.findElement(By.id("nameEn")).sendKeys("Luojing");
        shot(browser, "13-onboard-form");
        browser.findElement(By.id("onboard")).click();
        waiting(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("onboarding-steps")));
        assertThat(browser.findElements(By.cssSelector("#onboarding-steps li"))).hasSizeGreaterThanOrEqualTo(4);
        assertThat(browser.findElement(By.id("town-row-" + slug)).getText()).contains("运行中");
        // A new town has no general member meetings yet: flagged to the platform admin.
        assertThat(browser.findElement(By.id("missing-meetings-" + slug)).getText()).isEqualTo("成员大会不足");
        shot(browser, "14-onboarded-with-steps");

        // Suspending asks for a reason and an explicit confirmation; resuming is one click.
        browser.findElement(By.id("town-row-" + slug)).findElement(By.cssSelector("details summary")).click();
        browser.findElement(By.id("suspend-" + slug)).findElement(By.name("reason")).sendKeys("合同到期");
        browser.findElement(By.id("suspend-" + slug)).findElement(By.name("confirm")).click();
        shot(browser, "14b-suspend-confirmation");
        browser.findElement(By.id("suspend-" + slug)).findElement(By.tagName("button")).click();
        waiting(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("town-row-" + slug), "已暂停"));
        browser.findElement(By.id("resume-" + slug)).click();
        waiting(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("town-row-" + slug), "运行中"));
        noConsoleErrors(browser);
    }

    @Test
    void aResidentRatesThroughTheLinkWithoutAnAccountOnce() {
        var town = town();
        var id = intake(town, null, "13600007777").get("id");
        act("op-" + town.slug(), town, id, "dispatch", java.util.Map.of("organisationId", town.firmA())).expectStatus().isOk();
        act("mgr-a-" + town.slug(), town, id, "accept", java.util.Map.of()).expectStatus().isOk();
        act("mgr-a-" + town.slug(), town, id, "resolve", java.util.Map.of("note", "已修好")).expectStatus().isOk();
        var url = (String) as("op-" + town.slug()).post().uri("/api/towns/{t}/tickets/{id}/rating-link", town.slug(), id).exchange()
                .expectStatus().isOk().expectBody(java.util.Map.class).returnResult().getResponseBody().get("url");

        var phone = browser();
        phone.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844)); // a phone-width screen
        phone.get(url);
        waiting(phone).until(ExpectedConditions.presenceOfElementLocated(By.id("rating-form")));
        assertThat(phone.getPageSource()).doesNotContain("13600007777");
        new Select(phone.findElement(By.id("score"))).selectByValue("4");
        shot(phone, "15-resident-rating-page");
        phone.findElement(By.id("rating-submit")).click();
        waiting(phone).until(ExpectedConditions.presenceOfElementLocated(By.id("rating-thanks")));
        shot(phone, "16-resident-rating-thanks");
        noConsoleErrors(phone);
        // Used once: the page says so (with status 409, which the browser logs as a failed load).
        phone.get(url);
        waiting(phone).until(ExpectedConditions.textToBePresentInElementLocated(By.id("rating-problem"), "已经用过"));
    }

    @Test
    void theSecretariatSeesMembersExportsThemAndImportsAgain() throws Exception {
        var town = town();
        var browser = browser();
        logIn(browser, "sec-" + town.slug(), "/console/towns/" + town.slug() + "/members");
        waiting(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("members")));
        assertThat(browser.findElements(By.cssSelector("#members tbody tr"))).hasSize(33);
        // The export is an Excel workbook, fetched with the person's session like a click would.
        var type = ((org.openqa.selenium.JavascriptExecutor) browser).executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                        + "fetch(document.getElementById('members-export').href).then(function (r) { done(r.status + ' ' + r.headers.get('content-type')); });");
        assertThat(type).isEqualTo("200 application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        browser.findElement(By.id("members-file")).sendKeys(Path.of("../../infra/examples/dachang-members.csv").toAbsolutePath().normalize().toString());
        browser.findElement(By.id("members-import-submit")).click();
        waiting(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("import-report")));
        assertThat(browser.findElement(By.id("import-report")).getText()).contains("33").contains("未变 33");
        shot(browser, "17-members-imported");
        noConsoleErrors(browser);
    }
}
