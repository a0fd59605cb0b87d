package org.townalliance.carefund;

import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A year of the care fund: balances at the start of the year, every journal and entry of the year, balances at its end (as Excel or as data). */
final class Statement {

    /** One account's balance at the start and at the end of the year (CNY; debit positive). */
    record Line(String account, String nameZh, BigDecimal opening, BigDecimal closing) {
    }

    /** The year for the printable statement: the lines and the journals of the year. */
    record Year(String town, int year, List<Line> lines, List<Ledger.Journal> journals) {
    }

    private static final Map<String, String> NAMES = Map.of("FUND_CASH", "基金余额", "CONTRIBUTIONS_MEMBER", "成员单位捐助",
            "CONTRIBUTIONS_TOWN", "镇政府拨款", "DONATIONS", "社会捐赠", "GRANTS_PAID", "帮扶支出");

    private Statement() {
    }

    static Year year(String town, int year, List<Ledger.Journal> before, List<Ledger.Journal> during) {
        var opening = totals(before);
        var closing = totals(before);
        during.forEach(j -> j.entries().forEach(e -> closing.merge(e.account(), e.amount(), BigDecimal::add)));
        var lines = NAMES.keySet().stream().sorted().map(account -> new Line(account, NAMES.get(account),
                opening.getOrDefault(account, BigDecimal.ZERO), closing.getOrDefault(account, BigDecimal.ZERO))).toList();
        return new Year(town, year, lines, during);
    }

    static byte[] of(String town, int year, List<Ledger.Journal> before, List<Ledger.Journal> during) {
        try (var workbook = new XSSFWorkbook(); var out = new ByteArrayOutputStream()) {
            var summary = workbook.createSheet("余额");
            row(summary, 0, town + " 职工关爱基金 " + year + " 年度账目", "", "");
            row(summary, 1, "科目", "年初（元）", "年末（元）");
            var i = 2;
            for (var line : year(town, year, before, during).lines()) {
                row(summary, i++, line.nameZh(), line.opening(), line.closing());
            }
            var journals = workbook.createSheet("凭证");
            row(journals, 0, "凭证号", "日期", "类别", "摘要", "对方", "科目", "借方（元）", "贷方（元）");
            var r = 1;
            for (var journal : during) {
                for (var entry : journal.entries()) {
                    var debit = entry.amount().signum() > 0 ? entry.amount() : null;
                    var credit = entry.amount().signum() < 0 ? entry.amount().negate() : null;
                    row(journals, r++, journal.number(), journal.occurredOn().toString(), journal.kind(), journal.memo(),
                            journal.counterparty() == null ? "" : journal.counterparty(), NAMES.getOrDefault(entry.account(), entry.account()),
                            debit == null ? "" : debit, credit == null ? "" : credit);
                }
            }
            for (int c = 0; c < 8; c++) {
                journals.setColumnWidth(c, 16 * 256);
            }
            summary.setColumnWidth(0, 24 * 256);
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, BigDecimal> totals(List<Ledger.Journal> journals) {
        var totals = new TreeMap<String, BigDecimal>();
        journals.forEach(j -> j.entries().forEach(e -> totals.merge(e.account(), e.amount(), BigDecimal::add)));
        return totals;
    }

    private static void row(org.apache.poi.ss.usermodel.Sheet sheet, int index, Object... values) {
        var row = sheet.createRow(index);
        for (int i = 0; i < values.length; i++) {
            var cell = row.createCell(i);
            switch (values[i]) {
                case BigDecimal number -> cell.setCellValue(number.doubleValue());
                case Long number -> cell.setCellValue(number);
                case Integer number -> cell.setCellValue(number);
                default -> cell.setCellValue(String.valueOf(values[i]));
            }
        }
    }
}
