package org.townalliance.evaluation;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** An evaluation as Excel: the ranking, every value behind it, the scheme it used and how it was computed. */
final class EvaluationWorkbook {

    private EvaluationWorkbook() {
    }

    static byte[] of(String townName, Runs.Run run, Schemes.Scheme scheme) {
        try (var workbook = new XSSFWorkbook(); var out = new ByteArrayOutputStream()) {
            var header = new ArrayList<Object>(List.of("排名", "成员单位", "总分", "数据覆盖权重"));
            scheme.indicators().forEach(s -> header.add(s.indicator().nameZh + "（标准化）"));
            var ranking = new ArrayList<List<Object>>();
            ranking.add(header);
            for (var total : run.totals()) {
                var row = new ArrayList<Object>(List.of(total.rank() == null ? "不排名（数据不足）" : total.rank(), total.nameZh(),
                        total.score() == null ? "数据不足" : total.score(), total.coverage()));
                for (var setting : scheme.indicators()) {
                    var value = total.values().stream().filter(v -> v.indicator() == setting.indicator()).findFirst().orElse(null);
                    row.add(value == null || !value.enough() ? "数据不足" : value.normalised());
                }
                ranking.add(row);
            }
            fill(workbook.createSheet("排名"), ranking);

            var details = new ArrayList<List<Object>>();
            details.add(List.of("成员单位", "指标", "原始值", "单位", "样本", "样本是否足够", "标准化值", "权重", "贡献分"));
            for (var total : run.totals()) {
                for (var v : total.values()) {
                    details.add(List.of(total.nameZh(), v.indicator().nameZh, v.raw() == null ? "" : v.raw(), v.indicator().unit, v.sample(),
                            v.enough() ? "是" : "否（数据不足）", v.normalised() == null ? "" : v.normalised(), v.weight(),
                            v.contribution() == null ? "" : v.contribution()));
                }
            }
            fill(workbook.createSheet("明细"), details);

            var settings = new ArrayList<List<Object>>();
            settings.add(List.of("指标", "方向", "权重", "标准化", "下限", "上限", "最小样本", "样本", "定义"));
            for (var s : scheme.indicators()) {
                settings.add(List.of(s.indicator().nameZh, s.indicator().higherIsBetter ? "越高越好" : "越低越好", s.weight(),
                        s.normalisation() == Scoring.Normalisation.SCALE ? "固定区间" : "本期最低至最高", s.lower() == null ? "" : s.lower(),
                        s.upper() == null ? "" : s.upper(), s.minSample(), s.indicator().sampleZh, s.indicator().definitionZh));
            }
            fill(workbook.createSheet("评价方案"), settings);

            fill(workbook.createSheet("说明"), List.of(
                    List.of("镇", townName),
                    List.of("期间", run.run().period() + "（" + run.run().from() + " 至 " + run.run().until().minusDays(1) + "）"),
                    List.of("数据截至", run.run().asOf().toString()),
                    List.of("评价方案版本", scheme.version()),
                    List.of("状态", "PUBLISHED".equals(run.run().status()) ? "已发布" : "草稿"),
                    List.of("计算人", run.run().computedBy()),
                    List.of("计算时间", run.run().computedAt().toString()),
                    List.of("计分方法", "各指标标准化为 0–100（越低越好的指标反向），贡献分 = 权重 × 标准化值 ÷ 数据足够的指标权重之和；"
                            + "总分为贡献分之和；数据覆盖权重不足 " + Scoring.MIN_COVERAGE + " 的单位不排名。")));
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void fill(Sheet sheet, List<? extends List<?>> rows) {
        for (int i = 0; i < rows.size(); i++) {
            Row row = sheet.createRow(i);
            var values = rows.get(i);
            for (int j = 0; j < values.size(); j++) {
                var cell = row.createCell(j);
                switch (values.get(j)) {
                    case BigDecimal number -> cell.setCellValue(number.doubleValue());
                    case Integer number -> cell.setCellValue(number);
                    case null -> cell.setBlank();
                    default -> cell.setCellValue(String.valueOf(values.get(j)));
                }
            }
        }
        if (!rows.isEmpty()) {
            for (int j = 0; j < rows.getFirst().size(); j++) {
                sheet.setColumnWidth(j, 18 * 256);
            }
        }
    }
}
