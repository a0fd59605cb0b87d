package org.townalliance.alliance;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The columns of the import files, by the names a town office uses (Chinese) or their English keys;
 * documented in docs/alliance-import.md with example files in infra/examples/.
 */
final class Columns {

    record Column(String key, String nameZh, boolean required) {
    }

    static final List<Column> MEMBERS = List.of(
            new Column("uscc", "统一社会信用代码", true),
            new Column("name", "名称", true),
            new Column("short_name", "简称", false),
            new Column("kind", "类型", true),
            new Column("legal_representative", "法定代表人", false),
            new Column("contact_name", "联系人", false),
            new Column("contact_phone", "联系电话", false),
            new Column("specialities", "服务专长", false),
            new Column("joined_on", "入盟日期", true));

    static final List<Column> ESTATES = List.of(
            new Column("name", "小区名称", true),
            new Column("address", "地址", true),
            new Column("households", "户数", false),
            new Column("buildings", "楼栋数", false),
            new Column("committee_contact", "业委会联系人", false),
            new Column("committee_phone", "业委会电话", false),
            new Column("firm_uscc", "物业企业信用代码", false),
            new Column("managed_from", "委托开始日期", false));

    private static final Pattern DATE = Pattern.compile("^(\\d{4})[-/.年](\\d{1,2})[-/.月](\\d{1,2})日?$");

    private Columns() {
    }

    /** Column key → index in the file, from the header row; missing required columns are reported. */
    static Map<String, Integer> locate(List<Column> columns, List<String> header, List<String> missing) {
        var index = new HashMap<String, Integer>();
        for (var column : columns) {
            for (var i = 0; i < header.size(); i++) {
                var name = header.get(i).strip().replace("\uFEFF", "");
                if (name.equals(column.nameZh()) || name.toLowerCase(Locale.ROOT).equals(column.key())) {
                    index.put(column.key(), i);
                }
            }
            if (column.required() && !index.containsKey(column.key())) {
                missing.add(column.nameZh() + " (" + column.key() + ")");
            }
        }
        return index;
    }

    static String cell(List<String> row, Map<String, Integer> index, String key) {
        var i = index.get(key);
        if (i == null || i >= row.size()) {
            return null;
        }
        var value = row.get(i).strip();
        return value.isEmpty() ? null : value;
    }

    /** 2024-10-09, 2024/10/9, 2024.10.9 or 2024年10月9日; null if unreadable. */
    static LocalDate date(String value) {
        if (value == null) {
            return null;
        }
        var m = DATE.matcher(value.strip());
        if (!m.matches()) {
            return null;
        }
        try {
            return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }
}
