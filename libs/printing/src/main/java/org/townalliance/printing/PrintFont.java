package org.townalliance.printing;

import org.openpdf.text.pdf.BaseFont;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The font printed documents (certificates, estate posters) are set in. A CJK font file is embedded (subset: only the
 * characters used), so a document looks the same in every reader and printer: {@code alliance.printing.font} (formerly
 * {@code alliance.training.certificate-font}, still read) names one
 * (TTF, OTF or TTC), else the usual system locations are tried (Debian's fonts-noto-cjk first). Without any, the
 * standard Adobe-GB1 font STSong-Light is named, not embedded: Chinese readers supply it, others may not.
 */
@Component
public class PrintFont {

    private static final Logger LOG = LoggerFactory.getLogger(PrintFont.class);
    private static final List<String> SYSTEM_FONTS = List.of(
            "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
            "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
            "/usr/share/fonts/google-noto-serif-cjk-fonts/NotoSerifCJK-Regular.ttc",
            "/usr/share/fonts/noto-cjk/NotoSerifCJK-Regular.ttc",
            "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc");

    private final String configured;
    private volatile BaseFont font;

    PrintFont(@Value("${alliance.printing.font:${alliance.training.certificate-font:}}") String configured) {
        this.configured = configured;
    }

    /** Reads the font file on first use: call on a worker thread. */
    public BaseFont get() {
        var loaded = font;
        if (loaded == null) {
            synchronized (this) {
                if (font == null) {
                    font = load();
                }
                loaded = font;
            }
        }
        return loaded;
    }

    private BaseFont load() {
        var candidates = configured == null || configured.isBlank() ? SYSTEM_FONTS : List.of(configured.strip());
        try {
            for (var candidate : candidates) {
                if (Files.isReadable(Path.of(candidate))) {
                    var face = candidate.toLowerCase(Locale.ROOT).endsWith(".ttc") ? candidate + "," + simplifiedChineseFace(candidate) : candidate;
                    LOG.info("Printed documents embed the font {}", face);
                    return BaseFont.createFont(face, BaseFont.IDENTITY_H, BaseFont.EMBEDDED);
                }
            }
            LOG.warn("No CJK font file found ({}; set alliance.printing.font): printed documents name STSong-Light without embedding it",
                    candidates);
            return BaseFont.createFont("STSong-Light", "UniGB-UCS2-H", BaseFont.NOT_EMBEDDED);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** In a collection, the simplified Chinese face (Noto's "…CJKsc…"), else the first. */
    private static int simplifiedChineseFace(String collection) throws IOException {
        var names = BaseFont.enumerateTTCNames(collection);
        for (int i = 0; i < names.length; i++) {
            if (names[i].toLowerCase(Locale.ROOT).contains("sc")) {
                return i;
            }
        }
        return 0;
    }
}
