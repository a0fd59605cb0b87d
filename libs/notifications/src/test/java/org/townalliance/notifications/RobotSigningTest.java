package org.townalliance.notifications;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** The robots' signatures recomputed here the way each provider's documentation describes the receiver's check. */
class RobotSigningTest {

    @Test
    void dingTalkSignsTimestampNewlineSecretWithTheSecretAndUrlEncodesIt() throws Exception {
        var secret = "SECabc123+/=";
        var sign = RobotSigning.dingTalk(secret, 1_700_000_000_000L);
        var mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        var expected = Base64.getEncoder().encodeToString(mac.doFinal(("1700000000000\n" + secret).getBytes(StandardCharsets.UTF_8)));
        assertThat(URLDecoder.decode(sign, StandardCharsets.UTF_8)).isEqualTo(expected);
        assertThat(sign).doesNotContain("+").doesNotContain("/").doesNotContain("=");
    }

    @Test
    void feishuKeysTheMacWithTimestampNewlineSecretOverNothing() throws Exception {
        var mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("1700000000\nfeishu-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        var expected = Base64.getEncoder().encodeToString(mac.doFinal(new byte[0]));
        assertThat(RobotSigning.feishu("feishu-secret", 1_700_000_000L)).isEqualTo(expected);
    }
}
