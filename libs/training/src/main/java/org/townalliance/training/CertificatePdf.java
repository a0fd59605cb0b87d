package org.townalliance.training;

import org.openpdf.text.Document;
import org.openpdf.text.Element;
import org.openpdf.text.Font;
import org.openpdf.text.PageSize;
import org.openpdf.text.Paragraph;
import org.openpdf.text.pdf.BaseFont;
import org.openpdf.text.pdf.PdfContentByte;
import org.openpdf.text.pdf.PdfWriter;
import org.townalliance.printing.PrintFont;
import org.townalliance.printing.QrCodes;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;

/**
 * A certificate as an A4 landscape PDF: the words it was issued with, the issuing alliance, its code and the
 * public verification address, also as a QR code, in the font {@link PrintFont} provides.
 */
final class CertificatePdf {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy年M月d日");

    private CertificatePdf() {
    }

    /** Blocking (builds the document in memory): call on a worker thread. */
    static byte[] render(Certificates.Certificate c, String allianceName, String verificationUrl, BaseFont song) {
        try (var out = new ByteArrayOutputStream()) {
            var document = new Document(PageSize.A4.rotate(), 72, 72, 64, 64);
            var writer = PdfWriter.getInstance(document, out);
            document.addTitle(c.certificateTitle() + " " + c.code());
            document.addAuthor(allianceName);
            document.open();
            frame(writer.getDirectContent(), document);
            document.add(centred(c.certificateTitle(), new Font(song, 34, Font.BOLD), 24));
            document.add(centred("Certificate of Completion", new Font(song, 12, Font.NORMAL, Color.GRAY), 4));
            var body = new Font(song, 16);
            var holder = new Paragraph(c.holderName() + "（" + c.organisationName() + "）：", body);
            holder.setSpacingBefore(36);
            document.add(holder);
            var text = new Paragraph("    于" + DAY.format(c.startsOn()) + (c.endsOn().equals(c.startsOn()) ? "" : "至" + DAY.format(c.endsOn()))
                    + "参加" + allianceName + "举办的「" + c.programmeTitle() + "」" + c.sessionName() + "，共 " + c.hours().stripTrailingZeros().toPlainString()
                    + " 学时，完成全部学习要求，特发此证。", body);
            text.setLeading(30);
            text.setSpacingBefore(12);
            document.add(text);
            var issuer = new Paragraph(allianceName + "\n" + DAY.format(c.issuedOn()), body);
            issuer.setAlignment(Element.ALIGN_RIGHT);
            issuer.setSpacingBefore(40);
            document.add(issuer);
            var small = new Font(song, 10, Font.NORMAL, Color.DARK_GRAY);
            var footer = new Paragraph("证书编号 Certificate No. " + c.code() + "\n验证 Verify: " + verificationUrl, small);
            footer.setSpacingBefore(28);
            document.add(footer);
            QrCodes.draw(writer.getDirectContent(), verificationUrl, document.right() - 96, document.bottom() - 8, 96);
            document.close();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Paragraph centred(String text, Font font, float before) {
        var p = new Paragraph(text, font);
        p.setAlignment(Element.ALIGN_CENTER);
        p.setSpacingBefore(before);
        return p;
    }

    private static void frame(PdfContentByte canvas, Document document) {
        canvas.saveState();
        canvas.setColorStroke(new Color(0x9b, 0x1c, 0x1c));
        canvas.setLineWidth(3);
        canvas.rectangle(28, 28, document.getPageSize().getWidth() - 56, document.getPageSize().getHeight() - 56);
        canvas.stroke();
        canvas.setLineWidth(0.8f);
        canvas.rectangle(36, 36, document.getPageSize().getWidth() - 72, document.getPageSize().getHeight() - 72);
        canvas.stroke();
        canvas.restoreState();
    }
}
