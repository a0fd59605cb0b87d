package org.townalliance.platform;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The secretariat's screens in a real browser against the running platform: the alliance profile, estates
 * and who manages them, the service catalogue and publishing the public-welfare list, people and roles,
 * the hotline settings; refusals shown beside the fields; the profile page and the platform's registry.
 */
class ConsoleSecretariatBrowserTest extends BrowserTest {

    @Test
    void theSecretariatKeepsItsAllianceEstatesAndServicesAndPublishesTheWelfareList() {
        var town = town();
        var slug = town.slug();
        var browser = browser();
        logIn(browser, "sec-" + slug, "/console/towns/" + slug + "/alliance");
        waiting(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("alliance-form")));
        type(browser, "alliance-name", "大场镇物业服务联盟");
        type(browser, "alliance-hotline", "021-56690000");
        type(browser, "alliance-charter", "第一条 本联盟由大场镇物业企业和专业服务机构自愿组成。");
        browser.findElement(By.id("alliance-save")).click();
        waiting(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("saved-notice")));
        assertThat(browser.findElement(By.id("alliance-name")).getAttribute("value")).isEqualTo("大场镇物业服务联盟");
        shot(browser, "20-alliance-profile");

        // A new estate, then a firm takes it over; the history shows who managed it when.
        browser.findElement(By.id("nav-estates")).click();
        waiting(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("estate-form")));
        type(browser, "estate-name", "康宁苑");
        type(browser, "estate-address", "康宁路88弄");
        type(browser, "estate-households", "640");
        browser.findElement(By.id("estate-create")).click();
        waiting(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("estate-title"), "康宁苑"));
        new Select(browser.findElement(By.id("firmUscc"))).selectByValue(FIRM_B);
        browser.findElement(By.id("assign-submit")).click();
        // The estate's page after creating it already had a notice: wait for the managing firm itself (looked up
        // afresh on each try, so the page being replaced in between cannot leave a stale element).
        waiting(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("managed-by"), "上海"));
        assertThat(browser.findElements(By.cssSelector("#management tbody tr"))).hasSize(1);
        shot(browser, "21-estate-managed");
        browser.findElement(By.id("nav-estates")).click();
        type(browser, "estate-q", "康宁");
        browser.findElement(By.id("estate-search")).click();
        waiting(browser).until(d -> d.findElements(By.cssSelector("#estates tbody tr")).size() == 1);
        assertThat(browser.findElement(By.id("estates")).getText()).contains("康宁苑").doesNotContain("乾溪新村");

        // A public-welfare service without a schedule is refused beside the form; with one it is listed and published.
        browser.findElement(By.id("nav-services")).click();
        waiting(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("service-form")));
        type(browser, "service-name", "老人义诊");
        browser.findElement(By.id("service-create")).click();
        waiting(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("form-problem")));
        assertThat(browser.findElement(By.id("form-problem")).getText()).contains("服务信息不完整");
        assertThat(browser.findElement(By.id("error-providerId")).getText()).isEqualTo("这类服务必须填写此项");
        assertThat(browser.findElement(By.id("service-name")).getAttribute("value")).isEqualTo("老人义诊");
        shot(browser, "22-service-refused-inline");
        new Select(browser.findElement(By.id("service-provider"))).selectByIndex(1);
        type(browser, "service-schedule", "每月第一个周六上午");
        browser.findElement(By.name("eligibility")).sendKeys("本镇 60 岁以上居民");
        browser.findElement(By.id("service-create")).click();
        waiting(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("done-notice")));
        assertThat(browser.findElement(By.id("welfare-draft")).getText()).contains("老人义诊");
        type(browser, "publish-title", "2026 年公益服务清单");
        browser.findElement(By.id("publish-submit")).click();
        waiting(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("welfare-published")));
        assertThat(browser.findElement(By.id("welfare-published")).getText()).contains("第 1 版").contains("2026 年公益服务清单");
        shot(browser, "23-welfare-published");
        browser.findElement(By.id("welfare-public-link")).click();
        waiting(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "老人义诊"));
        shot(browser, "24-welfare-public-page");
        noConsoleErrors(browser);
    }

    @Test
    void theSecretariatInvitesAPersonGivesRolesAndKeepsTheHotlineSettings() {
        var town = town();
        var slug = town.slug();
        var browser = browser();
        logIn(browser, "sec-" + slug, "/console/towns/" + slug + "/people");
        waiting(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("invite-form")));
        // Neither e-mail nor phone: refused beside the form, what was typed is kept.
        type(browser, "invite-family", "赵");
        type(browser, "invite-given", "一帆");
        browser.findElement(By.id("invite-submit")).click();
        waiting(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("error-reachable")));
        assertThat(browser.findElement(By.id("error-reachable")).getText()).contains("电子邮箱或手机号");
        assertThat(browser.findElement(By.id("invite-given")).getAttribute("value")).isEqualTo("一帆");
        type(browser, "invite-email", "zhao-" + slug + "@example.cn");
        new Select(browser.findElement(By.id("invite-role"))).selectByValue("HOTLINE");
        browser.findElement(By.id("invite-submit")).click();
        waiting(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("done-notice")));
        var row = personRow(browser, "赵一帆");
        assertThat(row.getText()).contains("热线");
        row.findElement(By.tagName("summary")).click();
        row.findElement(By.cssSelector("input[value='SECRETARIAT']")).click();
        row.findElement(By.cssSelector("button[id^='save-roles-']")).click();
        waiting(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("done-notice"), "角色已更新"));
        assertThat(personRow(browser, "赵一帆").getText()).contains("热线").contains("秘书处");
        shot(browser, "25-people-roles");

        browser.findElement(By.id("nav-hotline-settings")).click();
        waiting(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("policy-form")));
        type(browser, "reopenWindowDays", "200");
        browser.findElement(By.id("policy-save")).click();
        waiting(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("error-reopenWindowDays")));
        assertThat(browser.findElement(By.id("error-reopenWindowDays")).getText()).isEqualTo("数值太大");
        shot(browser, "26-settings-refused-inline");
        type(browser, "reopenWindowDays", "10");
        browser.findElement(By.id("policy-save")).click();
        waiting(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("done-notice")));
        assertThat(browser.findElement(By.id("reopenWindowDays")).getAttribute("value")).isEqualTo("10");

        var rules = browser.findElements(By.cssSelector("#rules tbody tr")).size();
        // A new rule (urgent complaints), then the same conditions again: the second replaces the first.
        new Select(browser.findElement(By.id("rule-kind"))).selectByValue("COMPLAINT");
        new Select(browser.findElement(By.id("rule-priority"))).selectByValue("URGENT");
        type(browser, "rule-accept", "0.25");
        type(browser, "rule-resolve", "6");
        browser.findElement(By.id("rule-add")).click();
        waiting(browser).until(d -> d.findElements(By.cssSelector("#rules tbody tr")).size() == rules + 1);
        new Select(browser.findElement(By.id("rule-kind"))).selectByValue("COMPLAINT");
        new Select(browser.findElement(By.id("rule-priority"))).selectByValue("URGENT");
        type(browser, "rule-accept", "0.25");
        type(browser, "rule-resolve", "3.5");
        browser.findElement(By.id("rule-add")).click();
        waiting(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("rules"), "3.5"));
        assertThat(browser.findElements(By.cssSelector("#rules tbody tr"))).hasSize(rules + 1);

        ((JavascriptExecutor) browser).executeScript("document.getElementById('day-date').value = '2026-10-01';");
        type(browser, "day-note", "国庆节");
        browser.findElement(By.id("day-add")).click();
        waiting(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("calendar-days"), "2026-10-01"));

        // Offices: the chair must head a member firm; the secretariat records the term and sees the holder.
        browser.findElement(By.id("nav-offices")).click();
        waiting(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("term-form")));
        new Select(browser.findElement(By.id("term-office"))).selectByValue("rotating-chair");
        new Select(browser.findElement(By.id("term-person"))).selectByVisibleText(
                browser.findElements(By.cssSelector("#term-person option")).stream().map(WebElement::getText)
                        .filter(t -> t.contains("(op-" + slug + ")")).findFirst().orElseThrow());
        new Select(browser.findElement(By.id("term-organisation"))).selectByIndex(1);
        ((JavascriptExecutor) browser).executeScript("document.getElementById('term-starts').value = '2026-01-01';");
        browser.findElement(By.id("term-submit")).click();
        waiting(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("form-problem")));
        assertThat(browser.findElement(By.id("form-problem")).getText()).contains("不符合该职务的任职条件");
        new Select(browser.findElement(By.id("term-person"))).selectByVisibleText(
                browser.findElements(By.cssSelector("#term-person option")).stream().map(WebElement::getText)
                        .filter(t -> t.contains("(mgr-a-" + slug + ")")).findFirst().orElseThrow());
        new Select(browser.findElement(By.id("term-organisation"))).selectByValue(town.firmA());
        browser.findElement(By.id("term-submit")).click();
        waiting(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("done-notice")));
        assertThat(browser.findElement(By.id("office-rotating-chair")).getText()).contains("mgr-a-" + slug).contains("2026-01-01");
        shot(browser, "30-offices");
        browser.findElement(By.id("nav-hotline-settings")).click();
        waiting(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("category-form")));

        type(browser, "category-code", "lift-stuck");
        type(browser, "category-name", "电梯困人");
        new Select(browser.findElement(By.id("category-parent"))).selectByIndex(1);
        browser.findElement(By.id("category-add")).click();
        waiting(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("category-lift-stuck")));
        shot(browser, "27-hotline-settings");
        noConsoleErrors(browser);
    }

    @Test
    void thePlatformAdminSeesTheirProfileAndSearchesTheOrganisationRegistry() {
        town(); // at least one town's members in the registry
        var browser = browser();
        logIn(browser, "platform-admin", "/console/platform/towns");
        browser.findElement(By.id("profile-link")).click();
        waiting(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("profile")));
        assertThat(browser.findElement(By.id("profile-username")).getText()).isEqualTo("platform-admin");
        assertThat(browser.findElement(By.id("account-link")).getAttribute("href")).endsWith("/account");
        shot(browser, "28-profile");
        browser.get(base() + "/console/platform/organisations");
        waiting(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("registry")));
        type(browser, "registry-q", FIRM_A);
        browser.findElement(By.id("registry-search")).click();
        waiting(browser).until(d -> d.findElements(By.cssSelector("#registry tbody tr")).size() == 1);
        assertThat(browser.findElement(By.id("registry")).getText()).contains("上海大场物业管理有限公司");
        shot(browser, "29-organisation-registry");
        noConsoleErrors(browser);
    }

    private static void type(WebDriver browser, String id, String text) {
        var field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    private static WebElement personRow(WebDriver browser, String name) {
        return browser.findElements(By.cssSelector("#people tbody tr")).stream().filter(r -> r.getText().contains(name)).findFirst().orElseThrow();
    }
}
