package org.townalliance.testkit;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Photos as phones make them, for the tests: JPEG and PNG pictures, and a JPEG carrying EXIF (orientation and GPS). */
public final class SamplePhotos {

    private SamplePhotos() {
    }

    /** A JPEG of {@code width} × {@code height}: its left half {@code left}, its right half {@code right}. */
    public static byte[] jpeg(int width, int height, Color left, Color right) {
        return encode(picture(width, height, BufferedImage.TYPE_INT_RGB, left, right), "jpg");
    }

    public static byte[] png(int width, int height) {
        return encode(picture(width, height, BufferedImage.TYPE_INT_ARGB, Color.ORANGE, new Color(0, 0, 0, 0)), "png");
    }

    /**
     * The JPEG with an APP1 Exif segment inserted after SOI, as a phone writes it: IFD0 with the orientation and a GPS
     * IFD whose latitude reference is "N".
     */
    public static byte[] withExif(byte[] jpeg, int orientation) {
        var tiff = ByteBuffer.allocate(64);
        tiff.put(new byte[]{'M', 'M', 0, 42}).putInt(8).putShort((short) 2);
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putShort((short) 0x8825).putShort((short) 4).putInt(1).putInt(38).putInt(0);
        tiff.putShort((short) 1).putShort((short) 0x0001).putShort((short) 2).putInt(2).put(new byte[]{'N', 0, 0, 0}).putInt(0);
        var tiffBytes = Arrays.copyOf(tiff.array(), tiff.position());
        var payload = ByteBuffer.allocate(6 + tiffBytes.length).put("Exif\0\0".getBytes(StandardCharsets.US_ASCII)).put(tiffBytes).array();
        var segment = ByteBuffer.allocate(4 + payload.length).put((byte) 0xff).put((byte) 0xe1).putShort((short) (payload.length + 2))
                .put(payload).array();
        var result = new byte[jpeg.length + segment.length];
        System.arraycopy(jpeg, 0, result, 0, 2);
        System.arraycopy(segment, 0, result, 2, segment.length);
        System.arraycopy(jpeg, 2, result, 2 + segment.length, jpeg.length - 2);
        return result;
    }

    private static BufferedImage picture(int width, int height, int type, Color left, Color right) {
        var image = new BufferedImage(width, height, type);
        var graphics = image.createGraphics();
        graphics.setColor(left);
        graphics.fillRect(0, 0, width / 2, height);
        graphics.setColor(right);
        graphics.fillRect(width / 2, 0, width - width / 2, height);
        graphics.dispose();
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) {
        try {
            var out = new ByteArrayOutputStream();
            ImageIO.write(image, format, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
