package org.townalliance.web;

import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Security review, issue 19 item 7: the city-hotline signing secret is stored sealed, and keys rotate. */
class SecretsAtRestTest {

    private static final String K1 = "k1:" + Base64.getEncoder().encodeToString(new byte[32]);
    private static final String K2 = "k2:" + Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

    @Test
    void aSealedSecretOpensOnlyForItsPurposeAndUntampered() {
        var secrets = new SecretsAtRest(K1, "k1");
        var sealed = secrets.seal("whsec_abc", "city-hotline-signing:dachang");
        assertThat(sealed).startsWith("v1:k1:").doesNotContain("whsec_abc");
        assertThat(secrets.seal("whsec_abc", "city-hotline-signing:dachang")).as("a fresh nonce each time").isNotEqualTo(sealed);
        assertThat(secrets.open(sealed, "city-hotline-signing:dachang")).isEqualTo("whsec_abc");
        assertThatThrownBy(() -> secrets.open(sealed, "city-hotline-signing:gucun")).as("moved to another town")
                .isInstanceOf(IllegalStateException.class);
        // Flip a bit of the decoded tag: editing the text's last characters can leave the bytes as they were
        // (the last character carries unused bits), which let this test pass a tampering it never made.
        var prefix = sealed.substring(0, sealed.lastIndexOf(':') + 1);
        var body = Base64.getUrlDecoder().decode(sealed.substring(prefix.length()));
        body[body.length - 1] ^= 1;
        var tampered = prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(body);
        assertThatThrownBy(() -> secrets.open(tampered, "city-hotline-signing:dachang")).isInstanceOf(IllegalStateException.class);
        assertThat(secrets.open("whsec_stored_before_sealing", "city-hotline-signing:dachang")).as("legacy, to be re-sealed")
                .isEqualTo("whsec_stored_before_sealing");
    }

    @Test
    void keysRotateOldValuesKeepOpeningUntilTheirKeyIsDropped() {
        var sealed = new SecretsAtRest(K1, "k1").seal("whsec_abc", "p");
        var rotated = new SecretsAtRest(K1 + "," + K2, "k2");
        assertThat(rotated.open(sealed, "p")).isEqualTo("whsec_abc");
        assertThat(rotated.sealedWithActiveKey(sealed)).isFalse();
        var resealed = rotated.seal(rotated.open(sealed, "p"), "p");
        assertThat(rotated.sealedWithActiveKey(resealed)).isTrue();
        var dropped = new SecretsAtRest(K2, "k2");
        assertThat(dropped.open(resealed, "p")).isEqualTo("whsec_abc");
        assertThatThrownBy(() -> dropped.open(sealed, "p")).hasMessageContaining("k1");
    }

    @Test
    void withoutAKeyThePlatformDoesNotStart() {
        assertThatThrownBy(() -> new SecretsAtRest("", "")).hasMessageContaining("ALLIANCE_SECRETS_KEYS");
        assertThatThrownBy(() -> new SecretsAtRest("k1:c2hvcnQ=", "k1")).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new SecretsAtRest(K1, "k9")).hasMessageContaining("k9");
    }
}
