package org.townalliance.alliance;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.springframework.http.HttpStatus;
import org.townalliance.web.ProblemException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the first sheet of an .xlsx workbook (Apache POI) or a CSV file (Commons CSV; UTF-8 with or
 * without BOM, or GB18030 as Excel on a Chinese Windows saves it) into rows of trimmed strings, and
 * writes lists back to .xlsx. Anything unreadable is a 400 problem, never a 500.
 */
final class Spreadsheets {

    private Spreadsheets() {
    }

    /** A header row and data rows; {@code rowNumber(i)} is the row as the user sees it in their file. */
    record Sheet(List<String> header, List<List<String>> rows) {
        int rowNumber(int index) {
            return index + 2;
        }
    }

    static Sheet read(byte[] content) {
        if (content.length >= 4 && content[0] == 'P' && content[1] == 'K' && content[2] == 3 && content[3] == 4) {
            return readXlsx(content);
        }
        return readCsv(decode(content));
    }

    private static Sheet readXlsx(byte[] content) {
        try {
            return toSheet(WorkbookRows.read(content));
        } catch (WorkbookRows.TooManyRows tooMany) {
            throw tooManyRows();
        } catch (Exception e) {
            // also a workbook refused for its inflate ratio or entry sizes (a "zip bomb"): POI says so in an IOException
            throw malformed("The file looks like an Excel workbook but cannot be read (" + e.getClass().getSimpleName() + ").");
        }
    }

    private static ProblemException tooManyRows() {
        return new ProblemException(HttpStatus.CONTENT_TOO_LARGE, "too-many-rows", "Too many rows",
                "At most " + WorkbookRows.MAX_ROWS + " rows per file; split the file and upload the parts.");
    }

    private static Sheet readCsv(String text) {
        try (var parser = CSVParser.builder().setReader(new StringReader(text))
                .setFormat(CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).get()).get()) {
            var rows = new ArrayList<List<String>>();
            for (var record : parser) {
                if (rows.size() > WorkbookRows.MAX_ROWS) {
                    throw tooManyRows();
                }
                rows.add(record.stream().map(String::strip).toList());
            }
            return toSheet(rows);
        } catch (ProblemException tooMany) {
            throw tooMany;
        } catch (IOException | RuntimeException e) {
            throw malformed("The CSV file cannot be read: " + e.getMessage());
        }
    }

    private static Sheet toSheet(List<List<String>> rows) {
        var nonEmpty = rows.stream().filter(r -> r.stream().anyMatch(v -> !v.isEmpty())).toList();
        if (nonEmpty.isEmpty()) {
            throw malformed("The file is empty: a header row and at least one data row are needed.");
        }
        return new Sheet(nonEmpty.getFirst(), nonEmpty.subList(1, nonEmpty.size()));
    }

    private static String decode(byte[] content) {
        var start = content.length >= 3 && (content[0] & 0xff) == 0xEF && (content[1] & 0xff) == 0xBB && (content[2] & 0xff) == 0xBF ? 3 : 0;
        var bytes = ByteBuffer.wrap(content, start, content.length - start);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException notUtf8) {
            return new String(content, Charset.forName("GB18030"));
        }
    }

    static byte[] writeXlsx(String sheetName, List<String> header, List<List<Object>> rows) {
        try (var workbook = new SXSSFWorkbook(200); var out = new ByteArrayOutputStream()) {
            var sheet = workbook.createSheet(sheetName);
            var bold = workbook.createCellStyle();
            var font = workbook.createFont();
            font.setBold(true);
            bold.setFont(font);
            var head = sheet.createRow(0);
            for (var c = 0; c < header.size(); c++) {
                var cell = head.createCell(c);
                cell.setCellValue(header.get(c));
                cell.setCellStyle(bold);
            }
            for (var r = 0; r < rows.size(); r++) {
                var row = sheet.createRow(r + 1);
                var values = rows.get(r);
                for (var c = 0; c < values.size(); c++) {
                    var value = values.get(c);
                    var cell = row.createCell(c);
                    if (value instanceof Number number) {
                        cell.setCellValue(number.doubleValue());
                    } else if (value != null) {
                        cell.setCellValue(value.toString());
                    }
                }
            }
            workbook.write(out);
            workbook.dispose();
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("could not write a workbook", e);
        }
    }

    static ProblemException malformed(String detail) {
        return new ProblemException(HttpStatus.BAD_REQUEST, "malformed-spreadsheet", "Malformed spreadsheet", detail);
    }
}
