package org.townalliance.platform;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Announcements in real browsers: the secretariat posts to one member firm; that firm's manager sees it unread,
 * opens it (the receipt); the secretariat sees who read it; the other firm's staff never sees it.
 */
class ConsoleAnnouncementsBrowserTest extends BrowserTest {

    @Test
    void theSecretariatPostsToOneFirmWhoseManagerReadsItAndTheSecretariatSeesTheReceipt() {
        var town = town();
        var slug = town.slug();
        var secretariat = browser();
        logIn(secretariat, "sec-" + slug, "/console/towns/" + slug + "/announcements");
        waiting(secretariat).until(ExpectedConditions.presenceOfElementLocated(By.id("announcement-form")));
        secretariat.findElement(By.id("announcement-title")).sendKeys("电梯安全专项检查通知");
        secretariat.findElement(By.id("announcement-body")).sendKeys("请于本月底前完成自查并报送检查表。");
        secretariat.findElement(By.id("audience-some")).click();
        secretariat.findElement(By.id("to-" + town.firmA())).click();
        secretariat.findElement(By.id("announcement-submit")).click();
        waiting(secretariat).until(ExpectedConditions.presenceOfElementLocated(By.id("receipts")));
        var announcement = secretariat.getCurrentUrl();
        assertThat(secretariat.findElement(By.id("unread")).getText()).contains("上海大场物业管理有限公司");
        shot(secretariat, "60-announcement-posted");

        var manager = browser();
        logIn(manager, "mgr-a-" + slug, "/console/towns/" + slug + "/announcements");
        var item = waiting(manager).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#announcements li")));
        assertThat(item.getText()).contains("电梯安全专项检查通知").contains("未读");
        item.findElement(By.tagName("a")).click();
        waiting(manager).until(ExpectedConditions.presenceOfElementLocated(By.id("read-notice")));
        assertThat(manager.findElement(By.id("announcement-text")).getText()).contains("自查");
        shot(manager, "61-announcement-read");

        secretariat.navigate().to(announcement);
        waiting(secretariat).until(ExpectedConditions.textToBePresentInElementLocated(By.id("receipts"), "mgr-a-" + slug));
        assertThat(secretariat.findElement(By.id("unread")).getText()).doesNotContain("上海大场物业管理有限公司");
        shot(secretariat, "62-announcement-receipts");

        var other = browser();
        logIn(other, "staff-b-" + slug, "/console/towns/" + slug + "/announcements");
        waiting(other).until(ExpectedConditions.presenceOfElementLocated(By.id("announcements")));
        assertThat(other.findElement(By.id("announcements")).getText()).doesNotContain("电梯安全专项检查通知");
        for (var browser : java.util.List.of(secretariat, manager, other)) {
            noConsoleErrors(browser);
        }
    }
}
