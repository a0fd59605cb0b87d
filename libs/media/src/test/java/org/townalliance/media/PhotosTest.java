package org.townalliance.media;

import org.junit.jupiter.api.Test;
import org.townalliance.web.ProblemException;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
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
        var stored = new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB);
        var g = stored.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, 200, 300);
        g.setColor(Color.BLUE);
        g.fillRect(200, 0, 200, 300);
        g.dispose();
        var upload = withExif(jpeg(stored), 6);
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
        var large = new BufferedImage(6000, 4000, BufferedImage.TYPE_INT_RGB);
        var kept = photos.prepare(jpeg(large)).block();
        assertThat(kept.width()).isEqualTo(2048);
        assertThat(kept.height()).isEqualTo(1365);
    }

    @Test
    void pngWithTransparencyAndWebpAreTaken() throws IOException {
        var png = new BufferedImage(50, 40, BufferedImage.TYPE_INT_ARGB);
        var out = new ByteArrayOutputStream();
        ImageIO.write(png, "png", out);
        var kept = photos.prepare(out.toByteArray()).block();
        assertThat(kept.sourceType()).isEqualTo("image/png");
        assertThat(new Color(ImageIO.read(new ByteArrayInputStream(kept.image())).getRGB(10, 10)).getGreen())
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

    private static byte[] jpeg(BufferedImage image) throws IOException {
        var out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        return out.toByteArray();
    }

    /** The JPEG with an APP1 Exif segment inserted after SOI: IFD0 with Orientation and a GPS IFD (latitude ref "N"). */
    private static byte[] withExif(byte[] jpeg, int orientation) {
        var tiff = ByteBuffer.allocate(64);
        tiff.put(new byte[]{'M', 'M', 0, 42}).putInt(8);
        tiff.putShort((short) 2);
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putShort((short) 0x8825).putShort((short) 4).putInt(1).putInt(38);
        tiff.putInt(0);
        // GPS IFD at 38: GPSLatitudeRef = "N".
        tiff.putShort((short) 1);
        tiff.putShort((short) 0x0001).putShort((short) 2).putInt(2).put(new byte[]{'N', 0, 0, 0});
        tiff.putInt(0);
        var tiffBytes = new byte[tiff.position()];
        tiff.flip().get(tiffBytes);
        var payload = ByteBuffer.allocate(6 + tiffBytes.length).put("Exif\0\0".getBytes(StandardCharsets.US_ASCII)).put(tiffBytes).array();
        var segment = ByteBuffer.allocate(4 + payload.length).put((byte) 0xff).put((byte) 0xe1).putShort((short) (payload.length + 2))
                .put(payload).array();
        var result = new byte[jpeg.length + segment.length];
        System.arraycopy(jpeg, 0, result, 0, 2);
        System.arraycopy(segment, 0, result, 2, segment.length);
        System.arraycopy(jpeg, 2, result, 2 + segment.length, jpeg.length - 2);
        return result;
    }
}
