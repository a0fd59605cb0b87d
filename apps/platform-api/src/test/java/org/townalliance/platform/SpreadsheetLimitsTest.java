package org.townalliance.platform;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.townalliance.testkit.TestStack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A crafted workbook under the 5 MB upload limit must be refused, not read into memory (security review, issue 19
 * item 5). Both are generated here: a sheet of 500,000 rows (about 35 MB of XML, a few MB zipped) and a "zip bomb"
 * whose one cell inflates to 300 MB.
 */
class SpreadsheetLimitsTest extends PlatformTest {

    private static final MediaType XLSX = MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    @Test
    void halfAMillionRowsAreRefusedByTheRowCapWhileStreaming() throws IOException {
        var slug = town();
        var workbook = workbook(out -> {
            write(out, "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>统一社会信用代码</t></is></c></row>");
            for (int r = 2; r <= 500_000; r++) {
                write(out, "<row r=\"" + r + "\"><c r=\"A" + r + "\" t=\"inlineStr\"><is><t>x</t></is></c></row>");
            }
        });
        assertThat(workbook.length).as("under the upload limit").isLessThan(5 * 1024 * 1024);
        var started = System.nanoTime();
        as("sec-" + slug).post().uri("/api/towns/{t}/members/import", slug).contentType(XLSX).bodyValue(workbook).exchange()
                .expectStatus().isEqualTo(413)
                .expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:too-many-rows");
        System.out.printf("SPREADSHEET LIMITS: a %d KB workbook of 500,000 rows refused in %d ms%n", workbook.length / 1024,
                (System.nanoTime() - started) / 1_000_000);
    }

    @Test
    void aZipBombIsRefusedByItsInflateRatio() throws IOException {
        var slug = town();
        var workbook = workbook(out -> {
            write(out, "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>");
            var block = "A".repeat(1024 * 1024).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 300; i++) {
                out.write(block);
            }
            write(out, "</t></is></c></row>");
        });
        assertThat(workbook.length).isLessThan(5 * 1024 * 1024);
        as("sec-" + slug).post().uri("/api/towns/{t}/members/import", slug).contentType(XLSX).bodyValue(workbook).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:malformed-spreadsheet");
    }

    private String town() {
        var slug = onboard("sheet");
        TestStack.users().user("sec-" + slug, "/towns/" + slug + "/secretariat");
        return slug;
    }

    private interface SheetRows {
        void write(OutputStream out) throws IOException;
    }

    /** A minimal .xlsx: content types, relationships, a workbook and the one sheet whose rows {@code rows} writes. */
    private static byte[] workbook(SheetRows rows) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(bytes)) {
            zip.setLevel(Deflater.BEST_COMPRESSION);
            entry(zip, "[Content_Types].xml", """
                    <?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
                    <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
                    <Default Extension="xml" ContentType="application/xml"/>\
                    <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
                    <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
                    </Types>""");
            entry(zip, "_rels/.rels", """
                    <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
                    </Relationships>""");
            entry(zip, "xl/workbook.xml", """
                    <?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
                    xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>\
                    <sheet name="成员" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            entry(zip, "xl/_rels/workbook.xml.rels", """
                    <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>\
                    </Relationships>""");
            zip.putNextEntry(new ZipEntry("xl/worksheets/sheet1.xml"));
            write(zip, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
            rows.write(zip);
            write(zip, "</sheetData></worksheet>");
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    private static void entry(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        write(zip, text);
        zip.closeEntry();
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }
}
