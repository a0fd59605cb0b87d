package org.townalliance.platform;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.townalliance.testkit.TestStack;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a resident does in the tests: a phone verified with the code the local SMS gateway kept (the stand-in for a
 * provider: nothing is sent), and photos as a phone makes them (a JPEG with EXIF orientation and GPS).
 */
final class Residents {

    private static final Pattern CODE = Pattern.compile("验证码是 ([0-9]{6})");

    private Residents() {
    }

    static String phone() {
        return "139" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    }

    /** The proof for {@code phone} in {@code town}, through the public API as the resident's page does it. */
    static String verify(WebTestClient client, String town, String phone) {
        var started = client.post().uri("/public/towns/{t}/phone-verifications", town).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("phone", phone)).exchange().expectStatus().isAccepted().expectBody(Map.class).returnResult().getResponseBody();
        var code = code(phone);
        return (String) client.post().uri("/public/towns/{t}/phone-verifications/{id}/check", town, started.get("verificationId"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("code", code)).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("proof");
    }

    static String code(String phone) {
        var matcher = CODE.matcher(lastSms(phone));
        assertThat(matcher.find()).as("a code in the last SMS kept for " + phone).isTrue();
        return matcher.group(1);
    }

    /** The last SMS the local gateway kept for {@code phone}. */
    static String lastSms(String phone) {
        try (var connection = TestStack.database().connect(); var statement = connection.createStatement();
             var rows = statement.executeQuery("select text from platform.sms_message where phone = '" + phone + "' order by id desc limit 1")) {
            assertThat(rows.next()).as("an SMS kept for " + phone).isTrue();
            return rows.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] jpeg(int width, int height) {
        return encode(picture(width, height, BufferedImage.TYPE_INT_RGB), "jpg");
    }

    static byte[] png(int width, int height) {
        return encode(picture(width, height, BufferedImage.TYPE_INT_ARGB), "png");
    }

    /** A JPEG as a phone writes it: an APP1 Exif segment with an orientation and a GPS position (latitude ref "N"). */
    static byte[] jpegWithGps(int width, int height) {
        var jpeg = jpeg(width, height);
        var tiff = ByteBuffer.allocate(64);
        tiff.put(new byte[]{'M', 'M', 0, 42}).putInt(8).putShort((short) 2);
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) 6).putShort((short) 0);
        tiff.putShort((short) 0x8825).putShort((short) 4).putInt(1).putInt(38).putInt(0);
        tiff.putShort((short) 1).putShort((short) 0x0001).putShort((short) 2).putInt(2).put(new byte[]{'N', 0, 0, 0}).putInt(0);
        var tiffBytes = java.util.Arrays.copyOf(tiff.array(), tiff.position());
        var payload = ByteBuffer.allocate(6 + tiffBytes.length).put("Exif\0\0".getBytes(StandardCharsets.US_ASCII)).put(tiffBytes).array();
        var segment = ByteBuffer.allocate(4 + payload.length).put((byte) 0xff).put((byte) 0xe1).putShort((short) (payload.length + 2))
                .put(payload).array();
        var result = new byte[jpeg.length + segment.length];
        System.arraycopy(jpeg, 0, result, 0, 2);
        System.arraycopy(segment, 0, result, 2, segment.length);
        System.arraycopy(jpeg, 2, result, 2 + segment.length, jpeg.length - 2);
        return result;
    }

    private static BufferedImage picture(int width, int height, int type) {
        var image = new BufferedImage(width, height, type);
        var graphics = image.createGraphics();
        graphics.setColor(new Color(ThreadLocalRandom.current().nextInt(0xffffff)));
        graphics.fillRect(0, 0, width / 2, height);
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
