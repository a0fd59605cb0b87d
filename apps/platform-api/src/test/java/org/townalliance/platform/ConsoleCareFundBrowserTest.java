package org.townalliance.platform;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.http.MediaType;
import org.townalliance.testkit.TestStack;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The care fund in real browsers, three people: a worker of a member firm applies; one person of the
 * secretariat approves and tries to pay (refused on the page: a single approver); a second approves; the
 * payout is booked and the fund's balance falls by the amount, to the fen.
 */
class ConsoleCareFundBrowserTest extends BrowserTest {

    @Test
    void anApplicationApprovedByTwoPeopleIsPaidAndASingleApproverCannotPay() {
        var town = town();
        var slug = town.slug();
        TestStack.users().user("sec2-" + slug, "/towns/" + slug + "/secretariat");
        as("sec-" + slug).post().uri("/api/towns/{t}/care-fund/contributions", slug).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("source", "DONATION", "counterparty", "爱心企业", "amount", "500.00", "receivedOn", "2026-03-01", "memo", "社会捐赠"))
                .exchange().expectStatus().isCreated();

        var worker = browser();
        logIn(worker, "staff-b-" + slug, "/console/towns/" + slug + "/care-fund");
        waiting(worker).until(ExpectedConditions.presenceOfElementLocated(By.id("application-form")));
        worker.findElement(By.id("application-amount")).sendKeys("120.505");
        worker.findElement(By.id("application-reason")).sendKeys("家人住院，申请帮扶");
        worker.findElement(By.id("application-submit")).click();
        waiting(worker).until(ExpectedConditions.presenceOfElementLocated(By.id("form-problem")));
        assertThat(worker.findElement(By.id("error-amount")).getText()).isNotBlank();
        var amount = worker.findElement(By.id("application-amount"));
        amount.clear();
        amount.sendKeys("120.50");
        assertThat(worker.findElement(By.id("application-reason")).getAttribute("value")).isEqualTo("家人住院，申请帮扶");
        // The supporting document goes with the application.
        var document = java.nio.file.Path.of("target", "hospital-note.pdf").toAbsolutePath();
        try {
            java.nio.file.Files.writeString(document, "%PDF-1.4\n% a hospital's note\n%%EOF\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        worker.findElement(By.id("application-document")).sendKeys(document.toString());
        worker.findElement(By.id("application-submit")).click();
        waiting(worker).until(ExpectedConditions.presenceOfElementLocated(By.id("done-notice")));
        assertThat(worker.findElement(By.id("my-applications")).getText()).contains("120.50").contains("待审批").contains("hospital-note.pdf");
        shot(worker, "50-care-fund-applied");

        var first = browser();
        logIn(first, "sec-" + slug, "/console/towns/" + slug + "/care-fund");
        var row = waiting(first).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#applications tbody tr")));
        var id = row.getAttribute("id").substring("application-".length());
        assertThat(row.findElement(By.cssSelector("a.document-link")).getText()).contains("hospital-note.pdf");
        first.findElement(By.id("approve-" + id)).click();
        waiting(first).until(ExpectedConditions.textToBePresentInElementLocated(By.id("application-" + id), "sec-" + slug));
        first.findElement(By.id("pay-" + id)).click();
        waiting(first).until(ExpectedConditions.presenceOfElementLocated(By.id("form-problem")));
        assertThat(first.findElement(By.id("form-problem")).getText()).contains("两位");
        assertThat(first.findElement(By.id("account-FUND_CASH")).getText()).contains("500.00");
        shot(first, "51-care-fund-single-approver-refused");

        var second = browser();
        logIn(second, "sec2-" + slug, "/console/towns/" + slug + "/care-fund");
        waiting(second).until(ExpectedConditions.presenceOfElementLocated(By.id("approve-" + id))).click();
        waiting(second).until(ExpectedConditions.textToBePresentInElementLocated(By.id("application-" + id), "已批准"));

        first.navigate().to(base() + "/console/towns/" + slug + "/care-fund");
        first.findElement(By.id("pay-" + id)).click();
        waiting(first).until(ExpectedConditions.textToBePresentInElementLocated(By.id("application-" + id), "已支付"));
        assertThat(first.findElement(By.id("account-FUND_CASH")).getText()).contains("379.50");
        assertThat(first.findElement(By.id("books-check")).getText()).contains("账实相符");
        shot(first, "52-care-fund-paid");

        // The year's statement, printable: the fund's closing balance and the payout's journal.
        first.findElement(By.id("statement-print")).click();
        waiting(first).until(ExpectedConditions.textToBePresentInElementLocated(By.id("print-title"), "年度账目"));
        assertThat(first.findElement(By.cssSelector("#line-FUND_CASH .closing")).getText()).isEqualTo("379.50");
        assertThat(first.findElement(By.id("statement-journals")).getText()).contains("500.00").contains("120.50");
        shot(first, "53-care-fund-statement");
        for (var browser : java.util.List.of(worker, first, second)) {
            noConsoleErrors(browser);
        }
    }
}
