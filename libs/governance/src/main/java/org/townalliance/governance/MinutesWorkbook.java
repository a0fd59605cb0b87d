package org.townalliance.governance;

import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A meeting's record as an Excel workbook: the meeting and its minutes, attendance, resolutions, action items, tickets. */
final class MinutesWorkbook {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private MinutesWorkbook() {
    }

    static byte[] of(Meetings.Meeting meeting, Map<UUID, String> organisations, ZoneId zone) {
        try (var workbook = new XSSFWorkbook(); var out = new ByteArrayOutputStream()) {
            var summary = workbook.createSheet("会议");
            rows(summary, List.of(
                    List.of("会议", meeting.title()),
                    List.of("类型", switch (meeting.kind()) {
                        case GENERAL -> "成员大会";
                        case JOINT_CITY_HOTLINE -> "与12345热线联席会议";
                        case OTHER -> "其他会议";
                    }),
                    List.of("时间", WHEN.format(meeting.startsAt().atZoneSameInstant(zone)) + " – " + WHEN.format(meeting.endsAt().atZoneSameInstant(zone))),
                    List.of("地点", meeting.location() == null ? "" : meeting.location()),
                    List.of("状态", meeting.status()),
                    List.of("议程", String.join("\n", meeting.agenda())),
                    List.of("纪要", meeting.minutes() == null ? "" : meeting.minutes())));
            summary.setColumnWidth(1, 100 * 256);
            rows(workbook.createSheet("出席"), prepend(List.of("成员单位", "签到人", "签到时间"), meeting.attendees().stream()
                    .map(a -> List.<Object>of(organisations.getOrDefault(a.organisationId(), a.organisationId().toString()),
                            a.checkedInName() == null ? "缺席" : a.checkedInName(),
                            a.checkedInAt() == null ? "" : WHEN.format(a.checkedInAt().atZoneSameInstant(zone)))).toList()));
            rows(workbook.createSheet("决议"), prepend(List.of("决议", "赞成", "反对", "弃权", "结果"), meeting.resolutions().stream()
                    .map(r -> List.<Object>of(r.text(), r.votesFor(), r.votesAgainst(), r.abstentions(), r.adopted() ? "通过" : "未通过")).toList()));
            rows(workbook.createSheet("待办事项"), prepend(List.of("事项", "负责单位", "负责人", "完成期限", "完成日期"), meeting.actionItems().stream()
                    .map(a -> List.<Object>of(a.text(), a.ownerOrganisationId() == null ? "" : organisations.getOrDefault(a.ownerOrganisationId(), ""),
                            a.ownerName(), a.dueOn().toString(), a.doneOn() == null ? "" : a.doneOn().toString())).toList()));
            rows(workbook.createSheet("讨论的工单"), prepend(List.of("工单号", "内容", "状态", "备注"), meeting.tickets().stream()
                    .map(t -> List.<Object>of(t.number(), t.summary(), t.status(), t.note() == null ? "" : t.note())).toList()));
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<List<Object>> prepend(List<Object> header, List<List<Object>> rows) {
        var all = new java.util.ArrayList<List<Object>>();
        all.add(header);
        all.addAll(rows);
        return all;
    }

    private static void rows(Sheet sheet, List<? extends List<?>> rows) {
        for (int i = 0; i < rows.size(); i++) {
            var row = sheet.createRow(i);
            var values = rows.get(i);
            for (int j = 0; j < values.size(); j++) {
                var cell = row.createCell(j);
                if (values.get(j) instanceof Number number) {
                    cell.setCellValue(number.doubleValue());
                } else {
                    cell.setCellValue(String.valueOf(values.get(j)));
                }
            }
        }
        if (!rows.isEmpty()) {
            for (int j = 0; j < rows.getFirst().size(); j++) {
                sheet.setColumnWidth(j, Math.max(sheet.getColumnWidth(j), 16 * 256));
            }
        }
    }
}
