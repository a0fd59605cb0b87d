package org.townalliance.notifications;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * The group robots' own signing, as their documentation specifies. WeChat Work's robot has none: its webhook's key is
 * the secret. DingTalk: HmacSHA256 keyed by the secret over {@code "<ms timestamp>\n<secret>"}, Base64, URL-encoded,
 * as {@code timestamp} and {@code sign} query parameters. Feishu: HmacSHA256 keyed by {@code "<s timestamp>\n<secret>"}
 * over nothing, Base64, as {@code timestamp} and {@code sign} in the body.
 */
final class RobotSigning {

    private RobotSigning() {
    }

    static String dingTalk(String secret, long timestampMillis) {
        var sign = hmac(secret, timestampMillis + "\n" + secret);
        return URLEncoder.encode(sign, StandardCharsets.UTF_8);
    }

    static String feishu(String secret, long timestampSeconds) {
        return hmac(timestampSeconds + "\n" + secret, "");
    }

    private static String hmac(String key, String data) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
