package org.townalliance.alliance;

import org.openpdf.text.Document;
import org.openpdf.text.Element;
import org.openpdf.text.Font;
import org.openpdf.text.PageSize;
import org.openpdf.text.Phrase;
import org.openpdf.text.pdf.BaseFont;
import org.openpdf.text.pdf.ColumnText;
import org.openpdf.text.pdf.PdfContentByte;
import org.openpdf.text.pdf.PdfWriter;
import org.townalliance.printing.QrCodes;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * The A4 poster put up in an estate (扫码报修): the estate's name, the QR code of its report page, what it is for and the
 * town's 24-hour hotline number; one page per estate, so that the secretariat prints every estate's at once.
 */
final class EstatePosters {

    /** One estate's poster: its name and address, and the address its QR code opens. */
    record Poster(String estate, String address, String reportUrl) {
    }

    private EstatePosters() {
    }

    /** Blocking (builds the document in memory): call on a worker thread. */
    static byte[] render(List<Poster> posters, String allianceName, String townName, String hotlineNumber, BaseFont font) {
        var out = new ByteArrayOutputStream();
        var document = new Document(PageSize.A4, 56, 56, 64, 56);
        var writer = PdfWriter.getInstance(document, out);
        document.addTitle(townName + " 扫码报修");
        document.addAuthor(allianceName);
        document.open();
        var blue = new Color(11, 92, 173);
        var middle = PageSize.A4.getWidth() / 2;
        for (var poster : posters) {
            document.newPage();
            var canvas = writer.getDirectContent();
            line(canvas, allianceName.equals(townName) ? townName : townName + " · " + allianceName,
                    new Font(font, 14, Font.NORMAL, Color.DARK_GRAY), middle, 780);
            // The estate's name as large as fits the width (CJK characters are about as wide as high).
            var nameSize = Math.min(40f, 470f / Math.max(1, poster.estate().length()));
            line(canvas, poster.estate(), new Font(font, nameSize, Font.BOLD), middle, 715);
            line(canvas, poster.address(), new Font(font, 13, Font.NORMAL, Color.DARK_GRAY), middle, 688);
            line(canvas, "扫码报修 · 投诉 · 建议", new Font(font, 30, Font.BOLD, blue), middle, 628);
            // The QR code 9 cm wide, in the middle: readable from a step away.
            var size = 255f;
            QrCodes.draw(canvas, poster.reportUrl(), middle - size / 2, 340, size);
            line(canvas, "微信或手机相机扫一扫，验证手机号后即可提交，并可随时查看处理进度", new Font(font, 13), middle, 305);
            if (hotlineNumber != null && !hotlineNumber.isBlank()) {
                line(canvas, "24 小时服务热线  " + hotlineNumber, new Font(font, 22, Font.BOLD), middle, 255);
            }
            line(canvas, poster.reportUrl(), new Font(font, 8, Font.NORMAL, Color.GRAY), middle, 90);
        }
        document.close();
        return out.toByteArray();
    }

    private static void line(PdfContentByte canvas, String text, Font font, float x, float y) {
        ColumnText.showTextAligned(canvas, Element.ALIGN_CENTER, new Phrase(text, font), x, y, 0);
    }
}
