package org.townalliance.platform;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;

import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A training session to certificate and its public verification, in real browsers: the secretariat adds a
 * programme (0 hours refused beside the field, what was typed kept) and a two-day session that has just ended; a firm manager enrols
 * themselves; the secretariat ticks both days and a score and completes the session; the manager finds the
 * certificate in their own record and downloads the PDF (opened with PDFBox); someone without an account
 * verifies the code on the public page, and a wrong code is refused there.
 */
class ConsoleTrainingBrowserTest extends BrowserTest {

    @Test
    void aTrainingSessionToCertificateAndItsPublicVerification() throws Exception {
        var town = town();
        var slug = town.slug();
        var first = LocalDate.now(ZoneId.of("Asia/Shanghai")).minusDays(3);
        var last = first.plusDays(1);

        var secretariat = browser();
        logIn(secretariat, "sec-" + slug, "/console/towns/" + slug + "/training");
        waiting(secretariat).until(ExpectedConditions.presenceOfElementLocated(By.id("programme-form")));
        secretariat.findElement(By.id("programme-title")).sendKeys("物业项目经理核心训练营");
        secretariat.findElement(By.id("programme-hours")).sendKeys("0");
        secretariat.findElement(By.id("programme-pass")).sendKeys("60");
        secretariat.findElement(By.id("programme-submit")).click();
        waiting(secretariat).until(ExpectedConditions.presenceOfElementLocated(By.id("error-hours")));
        // What was typed is kept beside the problem; only the hours are put right.
        assertThat(secretariat.findElement(By.id("programme-title")).getAttribute("value")).isEqualTo("物业项目经理核心训练营");
        assertThat(secretariat.findElement(By.id("programme-pass")).getAttribute("value")).isEqualTo("60");
        secretariat.findElement(By.id("programme-hours")).clear();
        secretariat.findElement(By.id("programme-hours")).sendKeys("16");
        secretariat.findElement(By.id("programme-submit")).click();
        waiting(secretariat).until(ExpectedConditions.presenceOfElementLocated(By.id("session-form")));
        secretariat.findElement(By.id("session-name")).sendKeys("2026年第1期");
        set(secretariat, "session-starts", first.toString());
        set(secretariat, "session-ends", last.toString());
        secretariat.findElement(By.id("session-venue")).sendKeys("大场镇社区学校");
        secretariat.findElement(By.id("session-submit")).click();
        waiting(secretariat).until(ExpectedConditions.textToBePresentInElementLocated(By.id("session-status"), "报名中"));
        var sessionPage = secretariat.getCurrentUrl();
        shot(secretariat, "80-training-session");

        var manager = browser();
        logIn(manager, "mgr-a-" + slug, sessionPage.substring(base().length()));
        waiting(manager).until(ExpectedConditions.presenceOfElementLocated(By.id("enrol-submit"))).click();
        waiting(manager).until(ExpectedConditions.textToBePresentInElementLocated(By.id("enrolments"), "已报名"));

        secretariat.navigate().refresh();
        var enrolment = waiting(secretariat).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#enrolments tbody tr[id^=enrolment-]")))
                .getAttribute("id").substring("enrolment-".length());
        secretariat.findElement(By.id("present-" + enrolment + "-" + first)).click();
        secretariat.findElement(By.id("present-" + enrolment + "-" + last)).click();
        secretariat.findElement(By.id("score-" + enrolment)).sendKeys("88");
        secretariat.findElement(By.id("register-submit")).click();
        waiting(secretariat).until(ExpectedConditions.textToBePresentInElementLocated(By.id("done-notice"), "考勤与成绩已保存"));
        assertThat(secretariat.findElement(By.id("present-" + enrolment + "-" + first)).isSelected()).isTrue();
        secretariat.findElement(By.id("complete-submit")).click();
        waiting(secretariat).until(ExpectedConditions.textToBePresentInElementLocated(By.id("completion-results"), "证书编号"));
        var code = secretariat.findElement(By.cssSelector("#enrolments a.certificate-pdf")).getText();
        assertThat(code).matches("^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$");
        shot(secretariat, "81-training-completed");

        // The manager's own record (across towns) lists the certificate; the PDF downloads and carries the code.
        manager.get(base() + "/console/me");
        waiting(manager).until(ExpectedConditions.textToBePresentInElementLocated(By.id("training-entries"), "已结业"));
        assertThat(manager.findElement(By.id("training-summary")).getText()).contains("16.0");
        Files.createDirectories(DOWNLOADS);
        var file = DOWNLOADS.resolve("certificate-" + code + ".pdf");
        Files.deleteIfExists(file);
        manager.findElement(By.cssSelector("a.my-certificate")).click();
        new FluentWait<>(file).withTimeout(Duration.ofSeconds(30)).pollingEvery(Duration.ofMillis(200))
                .until(f -> Files.exists(f) && f.toFile().length() > 0);
        try (var pdf = Loader.loadPDF(file.toFile())) {
            assertThat(new PDFTextStripper().getText(pdf).replaceAll("\\s", "")).contains(code).contains("物业项目经理核心训练营").contains("共16学时");
        }
        shot(manager, "82-training-record");

        // Anyone verifies the code without logging in.
        var visitor = browser();
        visitor.get(base() + "/verify");
        visitor.findElement(By.id("verify-code")).sendKeys(code.toLowerCase());
        visitor.findElement(By.id("verify-submit")).click();
        waiting(visitor).until(ExpectedConditions.textToBePresentInElementLocated(By.id("verify-status"), "真实有效"));
        assertThat(visitor.findElement(By.id("verify-programme")).getText()).contains("物业项目经理核心训练营");
        shot(visitor, "83-certificate-verified");
        visitor.get(base() + "/verify/2345-6789-ABCD");
        waiting(visitor).until(ExpectedConditions.textToBePresentInElementLocated(By.id("verify-problem"), "没有这个编号的证书"));
        for (var browser : java.util.List.of(secretariat, manager, visitor)) {
            noConsoleErrors(browser);
        }
    }

    private static void set(WebDriver browser, String id, String value) {
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1]", browser.findElement(By.id(id)), value);
    }
}
