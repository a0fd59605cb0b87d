package org.townalliance.platform;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.townalliance.testkit.TestStack;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The employee care fund against real PostgreSQL: contributions, an application approved by two different
 * people and paid, a single approver's payout refused, one's own application never approved, money with more
 * than two decimals or below zero refused, concurrent payouts that can never take the fund below zero, reversals
 * instead of changes, and the ledger's invariants (every balance is the sum of its entries, every journal
 * balances, entries cannot be changed) checked through the API, the platform's check and the database itself.
 */
class CareFundTest extends HotlineTest {

    @Test
    @SuppressWarnings("unchecked")
    void applicationsArePaidOnlyAfterTwoApprovalsAndTheFundNeverGoesBelowZero() throws Exception {
        var town = town();
        var slug = town.slug();
        var sec = "sec-" + slug;
        var sec2 = "sec2-" + slug;
        TestStack.users().user(sec2, "/towns/" + slug + "/secretariat");
        var worker = "staff-b-" + slug;

        contribute(sec, slug, Map.of("source", "MEMBER", "organisationId", town.firmA(), "amount", "300.00", "receivedOn", "2026-03-01", "memo", "成员单位捐助"))
                .expectStatus().isCreated();
        var townGrant = contribute(sec, slug, Map.of("source", "TOWN", "amount", "200.50", "receivedOn", "2026-03-02", "memo", "镇政府拨款"))
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        contribute(sec, slug, Map.of("source", "DONATION", "counterparty", "爱心企业", "amount", 100, "receivedOn", "2026-03-03", "memo", "社会捐赠"))
                .expectStatus().isCreated();
        assertThat(cash(slug)).isEqualByComparingTo("600.50");
        // A contribution retried with its Idempotency-Key (the answer was lost) is booked once (issue 19 item 6).
        var keyed = Map.<String, Object>of("source", "DONATION", "counterparty", "爱心企业", "amount", "50.00", "receivedOn", "2026-03-04", "memo", "重试");
        var first = as(sec).post().uri("/api/towns/{t}/care-fund/contributions", slug).header("Idempotency-Key", "donation-7")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(keyed).exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        as(sec).post().uri("/api/towns/{t}/care-fund/contributions", slug).header("Idempotency-Key", "donation-7")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(keyed).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.id").isEqualTo(first.get("id"));
        assertThat(cash(slug)).isEqualByComparingTo("650.50");
        post(sec, "/api/towns/{t}/care-fund/journals/{j}/reverse", slug, first.get("id"), Map.of("reason", "测试冲正")).expectStatus().isCreated();
        assertThat(cash(slug)).isEqualByComparingTo("600.50");

        // Bad money and bad callers: refused, nothing booked.
        contribute(sec, slug, Map.of("source", "DONATION", "amount", "-5", "receivedOn", "2026-03-03", "memo", "负数")).expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        contribute(sec, slug, Map.of("source", "DONATION", "amount", "1.234", "receivedOn", "2026-03-03", "memo", "三位小数")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("amount");
        contribute(sec, slug, Map.of("source", "MEMBER", "amount", "10", "receivedOn", "2026-03-03", "memo", "无单位")).expectStatus().isBadRequest();
        contribute("op-" + slug, slug, Map.of("source", "DONATION", "amount", "10", "receivedOn", "2026-03-03", "memo", "无权")).expectStatus().isForbidden();
        assertThat(cash(slug)).isEqualByComparingTo("600.50");

        // A worker applies for their own organisation only; amounts are CNY with two decimals at most.
        apply(worker, slug, Map.of("organisationId", town.firmA(), "amount", "100", "reason", "x")).expectStatus().isForbidden();
        apply(worker, slug, Map.of("organisationId", town.firmB(), "amount", "0.001", "reason", "x")).expectStatus().isBadRequest();
        var application = (String) apply(worker, slug, Map.of("organisationId", town.firmB(), "amount", "100.00", "reason", "家人重病，申请帮扶"))
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id");

        // Two different approvers before any payout; a single approval is refused at the payout.
        act(sec, slug, application, "pay").expectStatus().isEqualTo(409).expectBody().jsonPath("$.type")
                .value(t -> assertThat(t.toString()).endsWith(":needs-two-approvers"));
        act(sec, slug, application, "approve").expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("SUBMITTED");
        act(sec, slug, application, "pay").expectStatus().isEqualTo(409).expectBody().jsonPath("$.detail")
                .value(d -> assertThat(d.toString()).contains("One approval so far"));
        act(sec, slug, application, "approve").expectStatus().isEqualTo(409).expectBody().jsonPath("$.type")
                .value(t -> assertThat(t.toString()).endsWith(":same-approver"));
        act(worker, slug, application, "approve").expectStatus().isForbidden();
        // Approvers are accounts, not names (issue 19 item 6): another account given a user name that was used before
        // is another person, and may give the second approval.
        var reused = "secr-" + slug;
        TestStack.users().user(reused, "/towns/" + slug + "/secretariat");
        var third = (String) apply(worker, slug, Map.of("organisationId", town.firmB(), "amount", "1.00", "reason", "账号复用"))
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id");
        act(reused, slug, third, "approve").expectStatus().isOk();
        act(reused, slug, third, "approve").expectStatus().isEqualTo(409);
        TestStack.users().recreate(reused, "/towns/" + slug + "/secretariat");
        TestStack.tokens().fresh(reused);
        act(reused, slug, third, "approve").expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("APPROVED");
        act(sec, slug, third, "reject").expectStatus().isOk();
        act(sec2, slug, application, "approve").expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("APPROVED");
        // A retried payout with its Idempotency-Key answers the same payout and books once (issue 19 item 6).
        var paid = as(sec).post().uri("/api/towns/{t}/care-fund/applications/{a}/pay", slug, application).header("Idempotency-Key", "pay-1")
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(paid).containsEntry("status", "PAID");
        as(sec).post().uri("/api/towns/{t}/care-fund/applications/{a}/pay", slug, application).header("Idempotency-Key", "pay-1")
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.paidJournalId").isEqualTo(paid.get("paidJournalId"));
        act(sec, slug, application, "pay").expectStatus().isEqualTo(409);
        assertThat(cash(slug)).isEqualByComparingTo("500.50");

        // Nobody approves their own application, even from the secretariat.
        var both = "secstaff-" + slug;
        TestStack.users().user(both, "/towns/" + slug + "/secretariat", "/towns/" + slug + "/orgs/" + FIRM_A + "/staff");
        var own = (String) apply(both, slug, Map.of("organisationId", town.firmA(), "amount", "10.00", "reason", "本人申请"))
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id");
        act(both, slug, own, "approve").expectStatus().isEqualTo(409).expectBody().jsonPath("$.type")
                .value(t -> assertThat(t.toString()).endsWith(":own-application"));
        act(sec, slug, own, "reject").expectStatus().isOk();

        // Eight approved applications of 100.00 paid at once from 500.50: five are paid, three refused, 0.50 stays.
        var approved = new ArrayList<String>();
        for (int i = 0; i < 8; i++) {
            var id = (String) apply(worker, slug, Map.of("organisationId", town.firmB(), "amount", "100.00", "reason", "第 " + i + " 份申请"))
                    .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id");
            act(sec, slug, id, "approve").expectStatus().isOk();
            act(sec2, slug, id, "approve").expectStatus().isOk();
            approved.add(id);
        }
        var statuses = new ArrayList<Integer>();
        try (var pool = Executors.newFixedThreadPool(8)) {
            var futures = new ArrayList<Future<Integer>>();
            for (var id : approved) {
                futures.add(pool.submit(() -> act(sec, slug, id, "pay").returnResult(Map.class).getStatus().value()));
            }
            for (var future : futures) {
                statuses.add(future.get());
            }
        }
        assertThat(statuses.stream().filter(s -> s == 200)).hasSize(5);
        assertThat(statuses.stream().filter(s -> s == 409)).hasSize(3);
        assertThat(cash(slug)).isEqualByComparingTo("0.50");

        // Corrections are reversing journals: reversing the town's grant would take the fund below zero; a payout can be reversed once.
        post(sec, "/api/towns/{t}/care-fund/journals/{j}/reverse", slug, townGrant.get("id"), Map.of("reason", "拨款退回"))
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.type").value(t -> assertThat(t.toString()).endsWith(":insufficient-funds"));
        var paidJournal = (String) as(sec).get().uri("/api/towns/{t}/care-fund/applications/{a}", slug, application).exchange()
                .expectBody(Map.class).returnResult().getResponseBody().get("paidJournalId");
        var reversal = post(sec, "/api/towns/{t}/care-fund/journals/{j}/reverse", slug, paidJournal, Map.of("reason", "重复支付"))
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        post(sec, "/api/towns/{t}/care-fund/journals/{j}/reverse", slug, paidJournal, Map.of("reason", "再次")).expectStatus().isEqualTo(409);
        post(sec, "/api/towns/{t}/care-fund/journals/{j}/reverse", slug, reversal.get("id"), Map.of("reason", "冲正的冲正")).expectStatus().isEqualTo(409);
        assertThat(cash(slug)).isEqualByComparingTo("100.50");

        // The ledger's invariants, through the API, the platform's check and the database itself.
        var books = as(sec).get().uri("/api/towns/{t}/care-fund", slug).exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(books).containsEntry("consistent", true).containsEntry("unbalancedJournals", 0);
        var total = ((List<Map<String, Object>>) books.get("accounts")).stream().map(a -> new BigDecimal(a.get("balance").toString()))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(total).as("double entry: all balances add up to zero").isEqualByComparingTo("0");
        var platform = (List<Map<String, Object>>) admin().get().uri("/api/platform/care-fund/consistency").exchange().expectStatus().isOk()
                .expectBody(List.class).returnResult().getResponseBody();
        assertThat(platform).filteredOn(t -> slug.equals(t.get("town"))).singleElement().satisfies(t -> assertThat(t).containsEntry("consistent", true));
        var schema = schema(town);
        assertThatThrownBy(() -> sql("update " + schema + ".care_fund_entry set amount = amount + 1")).hasMessageContaining("never changed");
        assertThatThrownBy(() -> sql("with j as (insert into " + schema + ".care_fund_journal (kind, occurred_on, memo, created_by) values"
                + " ('CONTRIBUTION', '2026-03-04', '不平', 'test') returning id) insert into " + schema + ".care_fund_entry (journal_id, account_code, amount)"
                + " select id, 'FUND_CASH', 1 from j")).hasMessageContaining("does not balance");
        assertThatThrownBy(() -> sql("update " + schema + ".care_fund_account set balance = -1 where code = 'FUND_CASH'")).hasMessageContaining("never_negative");
        assertThat(count("select count(*) from " + schema + ".care_fund_account a where balance <> coalesce((select sum(amount) from "
                + schema + ".care_fund_entry e where e.account_code = a.code), 0)")).isZero();

        // The year's statement opens with its journals.
        var xlsx = as(sec).get().uri("/api/towns/{t}/care-fund/statement.xlsx?year=2026", slug).exchange().expectStatus().isOk()
                .expectBody(byte[].class).returnResult().getResponseBody();
        try (var workbook = org.apache.poi.ss.usermodel.WorkbookFactory.create(new java.io.ByteArrayInputStream(xlsx))) {
            assertThat(workbook.getSheet("凭证").getLastRowNum()).isGreaterThanOrEqualTo(2 * 10);
        }
        // Another town's secretariat sees nothing of this fund.
        var other = town();
        as("sec-" + other.slug()).get().uri("/api/towns/{t}/care-fund", slug).exchange().expectStatus().isForbidden();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theApplicantAttachesADocumentOnlyTheSecretariatReadsAndTheStatementAddsUp() throws Exception {
        var town = town();
        var slug = town.slug();
        var sec = "sec-" + slug;
        var worker = "staff-b-" + slug;
        contribute(sec, slug, Map.of("source", "TOWN", "amount", "800.00", "receivedOn", "2026-02-01", "memo", "镇政府拨款")).expectStatus().isCreated();
        var application = apply(worker, slug, Map.of("organisationId", town.firmB(), "amount", "300.00", "reason", "工伤，申请帮扶"))
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id").toString();
        var pdf = "%PDF-1.4\n% 诊断证明\n%%EOF\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        // Only the applicant attaches; nothing empty, nothing over 10 MB, nothing after the decision.
        attach(sec, slug, application, pdf).expectStatus().isNotFound();
        attach(worker, slug, application, new byte[0]).expectStatus().isBadRequest();
        // Too large: refused from the headers (a client using Expect: 100-continue never sends the body).
        var tooLarge = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port
                                + "/api/towns/" + slug + "/care-fund/applications/" + application + "/document?filename=big.pdf"))
                        .expectContinue(true).header("Authorization", "Bearer " + TestStack.tokens().of(worker)).header("Content-Type", "application/pdf")
                        .PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(new byte[10 * 1024 * 1024 + 1])).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.body()).contains("urn:town-alliance:problem:document-too-large");
        attach(worker, slug, application, pdf).expectStatus().isOk().expectBody().jsonPath("$.documentName").isEqualTo("诊断证明.pdf");

        // Personal hardship stays private: the secretariat and the applicant read it; another worker, the hotline, another town do not.
        assertThat(as(sec).get().uri("/api/towns/{t}/care-fund/applications/{a}/document", slug, application).exchange().expectStatus().isOk()
                .expectHeader().contentType("application/pdf").expectBody(byte[].class).returnResult().getResponseBody()).isEqualTo(pdf);
        as(worker).get().uri("/api/towns/{t}/care-fund/applications/{a}/document", slug, application).exchange().expectStatus().isOk();
        as("mgr-a-" + slug).get().uri("/api/towns/{t}/care-fund/applications/{a}/document", slug, application).exchange().expectStatus().isNotFound();
        as("op-" + slug).get().uri("/api/towns/{t}/care-fund/applications/{a}/document", slug, application).exchange().expectStatus().isNotFound();
        // Lists never carry the file itself.
        assertThat(as(sec).get().uri("/api/towns/{t}/care-fund/applications", slug).exchange().expectStatus().isOk().expectBody(String.class)
                .returnResult().getResponseBody()).contains("诊断证明.pdf").doesNotContain("%PDF");

        TestStack.users().user("sec2-" + slug, "/towns/" + slug + "/secretariat");
        act(sec, slug, application, "approve").expectStatus().isOk();
        act("sec2-" + slug, slug, application, "approve").expectStatus().isOk();
        attach(worker, slug, application, pdf).expectStatus().isEqualTo(409);
        act(sec, slug, application, "pay").expectStatus().isOk();

        // The statement as data (the printable statement): opening 0, closing 500.00 in the fund; the balances add up to zero.
        var statement = as(sec).get().uri("/api/towns/{t}/care-fund/statement?year=2026", slug).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        var lines = (List<Map<String, Object>>) statement.get("lines");
        var cash = lines.stream().filter(l -> "FUND_CASH".equals(l.get("account"))).findFirst().orElseThrow();
        assertThat(new BigDecimal(cash.get("opening").toString())).isEqualByComparingTo("0");
        assertThat(new BigDecimal(cash.get("closing").toString())).isEqualByComparingTo("500.00");
        assertThat(lines.stream().map(l -> new BigDecimal(l.get("closing").toString())).reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo("0");
        assertThat((List<?>) statement.get("journals")).hasSize(2);
        as(sec).get().uri("/api/towns/{t}/care-fund/statement?year=1999", slug).exchange().expectStatus().isBadRequest();
        as(worker).get().uri("/api/towns/{t}/care-fund/statement?year=2026", slug).exchange().expectStatus().isForbidden();
    }

    private WebTestClient.ResponseSpec attach(String user, String slug, String application, byte[] file) {
        return as(user).put().uri("/api/towns/{t}/care-fund/applications/{a}/document?filename={f}", slug, application, "诊断证明.pdf")
                .contentType(MediaType.APPLICATION_PDF).bodyValue(file).exchange();
    }

    private WebTestClient.ResponseSpec contribute(String user, String slug, Map<String, ?> body) {
        return post(user, "/api/towns/{t}/care-fund/contributions", slug, body);
    }

    private WebTestClient.ResponseSpec apply(String user, String slug, Map<String, ?> body) {
        return post(user, "/api/towns/{t}/care-fund/applications", slug, body);
    }

    private WebTestClient.ResponseSpec act(String user, String slug, String application, String action) {
        return action.equals("pay") ? as(user).post().uri("/api/towns/{t}/care-fund/applications/{a}/pay", slug, application).exchange()
                : post(user, "/api/towns/{t}/care-fund/applications/{a}/" + action, slug, application, Map.of());
    }


    @SuppressWarnings("unchecked")
    private BigDecimal cash(String slug) {
        var books = as("sec-" + slug).get().uri("/api/towns/{t}/care-fund", slug).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        return ((List<Map<String, Object>>) books.get("accounts")).stream().filter(a -> "FUND_CASH".equals(a.get("code")))
                .map(a -> new BigDecimal(a.get("balance").toString())).findFirst().orElseThrow();
    }
}
