package org.townalliance.alliance;

import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.xml.sax.InputSource;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The first sheet of an .xlsx workbook as rows of strings, read as a stream (POI's SAX event model), never as a
 * document in memory: a crafted workbook (a "zip bomb" that inflates to gigabytes, a million rows) is refused by its
 * inflate ratio, its entry sizes or the row cap long before it costs memory. Date cells come as ISO dates.
 */
final class WorkbookRows {

    /** More rows than any town's members or estates; a longer file is split by its sender. */
    static final int MAX_ROWS = 20_000;
    static final int MAX_COLUMNS = 50;
    /** An uncompressed part of the workbook (the sheet's XML, the shared strings) may be this large at most. */
    static final long MAX_ENTRY_BYTES = 64L * 1024 * 1024;
    /** Compressed size / uncompressed size of any entry at least this: ordinary sheets compress to 5–20 %. */
    static final double MIN_INFLATE_RATIO = 0.005;

    static {
        ZipSecureFile.setMinInflateRatio(MIN_INFLATE_RATIO);
        ZipSecureFile.setMaxEntrySize(MAX_ENTRY_BYTES);
        ZipSecureFile.setMaxTextSize(MAX_ENTRY_BYTES);
    }

    /** The file has more rows than {@link #MAX_ROWS}. */
    static final class TooManyRows extends RuntimeException {
        TooManyRows() {
            super("more than " + MAX_ROWS + " rows", null, false, false);
        }
    }

    private WorkbookRows() {
    }

    static List<List<String>> read(byte[] content) throws Exception {
        try (var workbook = OPCPackage.open(new ByteArrayInputStream(content))) {
            var reader = new XSSFReader(workbook);
            var strings = new ReadOnlySharedStringsTable(workbook, false);
            var sheets = reader.getSheetsData();
            if (!sheets.hasNext()) {
                return List.of();
            }
            var rows = new Rows();
            try (var sheet = sheets.next()) {
                var parser = XMLHelper.newXMLReader();
                parser.setContentHandler(new XSSFSheetXMLHandler(reader.getStylesTable(), null, strings, rows, new IsoDates(), false));
                parser.parse(new InputSource(sheet));
            }
            return rows.rows;
        }
    }

    private static final class Rows implements XSSFSheetXMLHandler.SheetContentsHandler {

        private final List<List<String>> rows = new ArrayList<>();
        private List<String> current;

        @Override
        public void startRow(int rowNum) {
            if (rows.size() >= MAX_ROWS + 1) { // the header and MAX_ROWS data rows
                throw new TooManyRows();
            }
            while (rows.size() < rowNum) {
                rows.add(List.of()); // empty rows keep the user's row numbers
            }
            current = new ArrayList<>();
        }

        @Override
        public void endRow(int rowNum) {
            rows.add(current);
        }

        @Override
        public void cell(String reference, String formattedValue, XSSFComment comment) {
            var column = reference == null ? current.size() : new CellReference(reference).getCol();
            if (column >= MAX_COLUMNS) {
                return;
            }
            while (current.size() < column) {
                current.add("");
            }
            current.add(formattedValue == null ? "" : formattedValue.strip());
        }
    }

    /** Cells formatted as dates read as 2024-10-09, whatever the sender's locale showed; others as shown. */
    private static final class IsoDates extends DataFormatter {
        @Override
        public String formatRawCellContents(double value, int formatIndex, String formatString, boolean use1904Windowing) {
            if (DateUtil.isADateFormat(formatIndex, formatString) && DateUtil.isValidExcelDate(value)) {
                return DateUtil.getLocalDateTime(value, use1904Windowing).toLocalDate().toString();
            }
            return super.formatRawCellContents(value, formatIndex, formatString, use1904Windowing);
        }
    }
}
