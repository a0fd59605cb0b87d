package org.townalliance.platform;

import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 22's ticket export: the board's filters as Excel, opened with POI. The operations centre gets every ticket with
 * the phone; a firm only its own tickets (with the phone: it calls the resident back); another town's people nothing;
 * every export is in the audit log as a privileged read with its count; the board's link in the console hands it on.
 */
class TicketExportTest extends HotlineTest {

    @Test
    void theBoardsFiltersAsExcelWithinTheCallersScopeAndAudited() throws IOException {
        var town = town();
        var slug = town.slug();
        var mine = intake(town, null, "13600000041");
        var other = intake(town, null, "13600000042");
        act("op-" + slug, town, mine.get("id"), "dispatch", Map.of("organisationId", town.firmA())).expectStatus().isOk();
        act("op-" + slug, town, other.get("id"), "dispatch", Map.of("organisationId", town.firmB())).expectStatus().isOk();

        var all = rows(as("op-" + slug).get().uri("/api/towns/{t}/tickets/export", slug).exchange().expectStatus().isOk()
                .expectHeader().contentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                .expectHeader().value("Content-Disposition", d -> assertThat(d).contains("attachment").contains(".xlsx"))
                .expectBody(byte[].class).returnResult().getResponseBody());
        assertThat(all).hasSize(3);
        assertThat(all.getFirst()).contains("编号 Number", "电话 Phone", "责任单位 Organisation");
        assertThat(all.subList(1, 3)).extracting(r -> r.get(6)).containsExactlyInAnyOrder("13600000041", "13600000042");
        assertThat(all.get(1).get(9)).isNotBlank();

        // A firm: its own ticket only (with the phone: it is theirs to call back).
        var firm = rows(as("mgr-a-" + slug).get().uri("/api/towns/{t}/tickets/export", slug).exchange().expectStatus().isOk()
                .expectBody(byte[].class).returnResult().getResponseBody());
        assertThat(firm).hasSize(2);
        assertThat(firm.get(1).getFirst()).isEqualTo(mine.get("number").toString());
        // The board's filters apply; a bad one is a problem, not a file.
        var none = rows(as("op-" + slug).get().uri("/api/towns/{t}/tickets/export?status=CLOSED", slug).exchange().expectStatus().isOk()
                .expectBody(byte[].class).returnResult().getResponseBody());
        assertThat(none).hasSize(1);
        as("op-" + slug).get().uri("/api/towns/{t}/tickets/export?from=2026-02-01&to=2026-01-01", slug).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:invalid-date-range");
        var foreign = town();
        as("op-" + foreign.slug()).get().uri("/api/towns/{t}/tickets/export", slug).exchange().expectStatus().isForbidden();
        anonymous().get().uri("/api/towns/{t}/tickets/export", slug).exchange().expectStatus().isUnauthorized();

        // The board's "export" link in the console hands the API's file on.
        var console = ConsoleSession.logIn("http://localhost:" + port, "op-" + slug, "127.0.0.1", "ticket-export-test");
        var download = console.get("/console/towns/" + slug + "/tickets.xlsx?status=DISPATCHED");
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Disposition")).hasValueSatisfying(d -> assertThat(d).contains(".xlsx"));

        assertThat(count("select count(*) from platform.audit_event where path = '/api/towns/" + slug + "/tickets/export' and town = '" + slug
                + "' and privileged like 'ticket export: 2 tickets%unmasked%'")).isEqualTo(2);   // the operator's, twice (API, console)
        assertThat(count("select count(*) from platform.audit_event where path = '/api/towns/" + slug + "/tickets/export' and town = '" + slug
                + "' and privileged like 'ticket export: 1 tickets%'")).isEqualTo(1);           // the firm's manager's
    }

    private static List<List<String>> rows(byte[] xlsx) throws IOException {
        try (var workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            var rows = new ArrayList<List<String>>();
            for (var row : workbook.getSheetAt(0)) {
                var cells = new ArrayList<String>();
                for (var c = 0; c < 14; c++) {
                    var cell = row.getCell(c);
                    cells.add(cell == null ? "" : cell.getCellType() == org.apache.poi.ss.usermodel.CellType.NUMERIC
                            ? Long.toString((long) cell.getNumericCellValue()) : cell.getStringCellValue());
                }
                rows.add(cells);
            }
            return rows;
        }
    }
}
