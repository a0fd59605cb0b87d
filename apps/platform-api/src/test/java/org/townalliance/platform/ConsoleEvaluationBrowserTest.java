package org.townalliance.platform;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.nio.file.Files;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The secretariat evaluates its members in a real browser: weights that do not add up to 100 are refused
 * beside the form, new weights become version 2, 2025 is computed and ranked, "why this score" shows the
 * contributions, the result is published, and the Excel export downloads and opens with the figures; then a
 * star firm is nominated with that evaluation as evidence, awarded and published on the public page.
 */
class ConsoleEvaluationBrowserTest extends BrowserTest {

    @Test
    void theSecretariatChangesWeightsComputesPublishesAndExports() throws Exception {
        var town = town();
        var slug = town.slug();
        var schema = schema(town);
        sql("update " + schema + ".estate set households = 1500 where id = '" + town.estateId() + "'");
        for (int i = 0; i < 12; i++) {
            TicketHistory.ticket(schema, town.estateId(), i == 0 ? "COMPLAINT" : "SERVICE_REQUEST", "2025-04-%02dT10:00:00+08:00".formatted(i + 1), 2, i < 9 ? 1 : 3);
        }
        var browser = browser();
        logIn(browser, "sec-" + slug, "/console/towns/" + slug + "/evaluation");
        waiting(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("scheme-form")));

        // 30 + 20 + … is 105: refused beside the form, nothing saved.
        type(browser, "weight-ON_TIME_RATE", "30");
        browser.findElement(By.id("scheme-submit")).click();
        waiting(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("form-problem")));
        assertThat(browser.findElement(By.id("form-problem")).getText()).contains("100");
        type(browser, "weight-ON_TIME_RATE", "35");
        type(browser, "weight-SATISFACTION", "10");
        type(browser, "scheme-note", "提高按时办结率权重");
        browser.findElement(By.id("scheme-submit")).click();
        waiting(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("done-notice")));
        assertThat(browser.findElement(By.tagName("h2")).getText()).isNotBlank();
        assertThat(browser.getPageSource()).contains("第 2 版");
        shot(browser, "40-evaluation-scheme-v2");

        // Compute 2025: firm A (on time 9 of 12 = 75 %) is ranked first.
        type(browser, "compute-period", "2025");
        browser.findElement(By.id("compute-submit")).click();
        waiting(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("ranking")));
        var row = browser.findElement(By.id("total-" + town.firmA()));
        assertThat(row.getText()).startsWith("1").contains("75.0");
        shot(browser, "41-evaluation-ranking");
        row.findElement(By.tagName("a")).click();
        waiting(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("why")));
        assertThat(browser.findElement(By.id("why-ON_TIME_RATE")).getText()).contains("75.00 %").contains("12").contains("35");
        assertThat(browser.findElement(By.id("why-SATISFACTION")).getText()).contains("数据不足");
        shot(browser, "42-evaluation-why");
        browser.navigate().back();

        waiting(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("publish"))).click();
        waiting(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("run-status"), "已发布"));
        browser.findElement(By.id("recompute")).click();
        waiting(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("done-notice"), "完全一致"));

        browser.findElement(By.id("print")).click();
        waiting(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("print-ranking")));
        assertThat(browser.findElement(By.id("print-ranking")).getText()).contains("上海大场物业管理有限公司");
        shot(browser, "42b-evaluation-printable");
        browser.navigate().back();
        waiting(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("export")));

        // The export downloads and opens with the figures.
        Files.createDirectories(DOWNLOADS);
        try (var old = Files.list(DOWNLOADS)) {
            old.filter(p -> p.getFileName().toString().contains(slug)).forEach(p -> p.toFile().delete());
        }
        browser.findElement(By.id("export")).click();
        var file = DOWNLOADS.resolve("evaluation-" + slug + "-2025.xlsx");
        new org.openqa.selenium.support.ui.FluentWait<>(file).withTimeout(Duration.ofSeconds(30)).pollingEvery(Duration.ofMillis(200))
                .until(f -> Files.exists(f) && f.toFile().length() > 0);
        try (var workbook = org.apache.poi.ss.usermodel.WorkbookFactory.create(file.toFile())) {
            var first = workbook.getSheet("排名").getRow(1);
            assertThat(first.getCell(1).getStringCellValue()).isEqualTo("上海大场物业管理有限公司");
            assertThat(workbook.getSheet("说明").getRow(3).getCell(1).getNumericCellValue()).isEqualTo(2);
        }

        // The Star Plan: firm A is nominated star firm with its published 2025 evaluation as evidence, awarded, published.
        browser.findElement(By.id("nav-stars")).click();
        waiting(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("nomination-form")));
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("nomination-category"))).selectByValue("FIRM");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("nomination-organisation"))).selectByValue(town.firmA());
        type(browser, "nomination-citation", "全年工单按时办结率 75%，居民投诉少");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("evidence-kind-1"))).selectByValue("EVALUATION");
        type(browser, "evidence-reference-1", "2025");
        browser.findElement(By.id("nomination-submit")).click();
        waiting(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("nominations"), "2025 年度服务质量评价：总分"));
        var nomination = browser.findElement(By.cssSelector("#nominations tbody tr"));
        new org.openqa.selenium.support.ui.Select(nomination.findElement(By.name("decision"))).selectByValue("AWARDED");
        nomination.findElement(By.tagName("button")).click();
        waiting(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("nominations"), "获评"));
        browser.findElement(By.id("publish-submit")).click();
        waiting(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("stars-published")));
        shot(browser, "43-stars-published");
        browser.findElement(By.id("stars-public-link")).click();
        waiting(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("stars-FIRM")));
        assertThat(browser.findElement(By.id("stars-FIRM")).getText()).contains("星级企业").contains("上海大场物业管理有限公司");
        shot(browser, "44-stars-public-page");
        noConsoleErrors(browser);
    }

    private static void type(org.openqa.selenium.WebDriver browser, String id, String text) {
        var field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }
}
