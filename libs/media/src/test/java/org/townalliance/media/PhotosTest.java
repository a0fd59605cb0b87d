package org.townalliance.media;

import org.junit.jupiter.api.Test;
import org.townalliance.testkit.SamplePhotos;
import org.townalliance.web.ProblemException;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 20: photos are checked by content, turned upright, stripped of EXIF (GPS included) and given a thumbnail. */
class PhotosTest {

    private final Photos photos = new Photos();

    @Test
    void aPhoneJpegIsTurnedUprightAndKeepsNoExifNorGps() throws IOException {
        // 400 × 300 as stored, red on the left half; EXIF says "rotate 90° clockwise to show" and carries a GPS position.
        var upload = SamplePhotos.withExif(SamplePhotos.jpeg(400, 300, Color.RED, Color.BLUE), 6);
        assertThat(new String(upload, StandardCharsets.ISO_8859_1)).contains("Exif").contains("N\0");
        assertThat(Photos.orientation(upload)).isEqualTo(6);

        var kept = photos.prepare(upload).block();

        assertThat(kept.sourceType()).isEqualTo("image/jpeg");
        assertThat(kept.width()).isEqualTo(300);
        assertThat(kept.height()).isEqualTo(400);
        var image = ImageIO.read(new ByteArrayInputStream(kept.image()));
        assertThat(image.getWidth()).isEqualTo(300);
        // Turned clockwise: what was on the left is now at the top.
        assertThat(new Color(image.getRGB(150, 50)).getRed()).isGreaterThan(200);
        assertThat(new Color(image.getRGB(150, 350)).getBlue()).isGreaterThan(200);
        assertThat(new String(kept.image(), StandardCharsets.ISO_8859_1)).doesNotContain("Exif").doesNotContain("MM\0*");
        assertThat(kept.image()[2] & 0xff).as("no APP1 segment after SOI").isNotEqualTo(0xe1);
        var thumbnail = ImageIO.read(new ByteArrayInputStream(kept.thumbnail()));
        assertThat(Math.max(thumbnail.getWidth(), thumbnail.getHeight())).isEqualTo(320);
    }

    @Test
    void aLargePhotoIsKeptAtTwoThousandPixelsAtMost() throws IOException {
        var kept = photos.prepare(SamplePhotos.jpeg(6000, 4000, Color.GRAY, Color.GRAY)).block();
        assertThat(kept.width()).isEqualTo(2048);
        assertThat(kept.height()).isEqualTo(1365);
    }

    @Test
    void pngWithTransparencyAndWebpAreTaken() throws IOException {
        var kept = photos.prepare(SamplePhotos.png(50, 40)).block();
        assertThat(kept.sourceType()).isEqualTo("image/png");
        assertThat(new Color(ImageIO.read(new ByteArrayInputStream(kept.image())).getRGB(40, 10)).getGreen())
                .as("transparent becomes white, not black").isGreaterThan(240);

        // A 1 × 1 lossless WebP (no WebP writer exists in Java to make one).
        var webp = Base64.getDecoder().decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==");
        var fromWebp = photos.prepare(webp).block();
        assertThat(fromWebp.sourceType()).isEqualTo("image/webp");
        assertThat(fromWebp.width()).isEqualTo(1);
    }

    @Test
    void whatIsNotAPhotoIsRefusedByItsContent() {
        assertThatThrownBy(() -> photos.prepare("%PDF-1.7 renamed to leak.jpg".getBytes(StandardCharsets.US_ASCII)).block())
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.status().value()).isEqualTo(415));
        var broken = new byte[2000];
        broken[0] = (byte) 0xff;
        broken[1] = (byte) 0xd8;
        broken[2] = (byte) 0xff;
        assertThatThrownBy(() -> photos.prepare(broken).block())
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.status().value()).isEqualTo(400));
        assertThatThrownBy(() -> Photos.checkDeclaredLength(20L * 1024 * 1024).block())
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.status().value()).isEqualTo(413));
    }
}
