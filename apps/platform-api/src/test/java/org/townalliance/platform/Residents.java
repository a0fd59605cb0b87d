package org.townalliance.platform;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.townalliance.testkit.SamplePhotos;
import org.townalliance.testkit.TestStack;

import java.awt.Color;
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
        var matcher = CODE.matcher(lastSms(phone, "verification-code"));
        assertThat(matcher.find()).as("a code in the last SMS kept for " + phone).isTrue();
        return matcher.group(1);
    }

    /** The last SMS the local gateway kept for {@code phone}. */
    static String lastSms(String phone) {
        return lastSms(phone, null);
    }

    /** The last SMS of this template (all if null) kept for {@code phone}: the notices' SMS come and go meanwhile. */
    static String lastSms(String phone, String template) {
        var only = template == null ? "" : " and template = '" + template + "'";
        try (var connection = TestStack.database().connect(); var statement = connection.createStatement();
             var rows = statement.executeQuery("select text from platform.sms_message where phone = '" + phone + "'" + only
                     + " order by id desc limit 1")) {
            assertThat(rows.next()).as("an SMS kept for " + phone).isTrue();
            return rows.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] jpeg(int width, int height) {
        var random = ThreadLocalRandom.current();
        return SamplePhotos.jpeg(width, height, new Color(random.nextInt(0xffffff)), Color.WHITE);
    }

    static byte[] png(int width, int height) {
        return SamplePhotos.png(width, height);
    }

    /** A JPEG as a phone writes it: EXIF with an orientation (turn clockwise) and a GPS position. */
    static byte[] jpegWithGps(int width, int height) {
        return SamplePhotos.withExif(jpeg(width, height), 6);
    }
}
