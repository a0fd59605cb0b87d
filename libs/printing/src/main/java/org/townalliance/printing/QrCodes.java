package org.townalliance.printing;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import org.openpdf.text.pdf.PdfContentByte;

import java.awt.Color;
import java.util.Map;

/** QR codes drawn into a PDF as vector squares: sharp at any print size, from a business card to a poster. */
public final class QrCodes {

    private QrCodes() {
    }

    /** Draws {@code text} as a QR code (error correction M) of {@code size} points with its lower left corner at x, y. */
    public static void draw(PdfContentByte canvas, String text, float x, float y, float size) {
        try {
            var matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 0));
            var module = size / matrix.getWidth();
            canvas.saveState();
            canvas.setColorFill(Color.BLACK);
            for (int row = 0; row < matrix.getHeight(); row++) {
                for (int col = 0; col < matrix.getWidth(); col++) {
                    if (matrix.get(col, row)) {
                        canvas.rectangle(x + col * module, y + size - (row + 1) * module, module, module);
                    }
                }
            }
            canvas.fill();
            canvas.restoreState();
        } catch (WriterException e) {
            throw new IllegalArgumentException("text too long for a QR code", e);
        }
    }
}
