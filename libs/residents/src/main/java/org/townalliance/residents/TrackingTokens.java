package org.townalliance.residents;

import org.springframework.stereotype.Component;
import org.townalliance.tenancy.Town;
import org.townalliance.web.SecretsAtRest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.OptionalLong;

/**
 * The unguessable part of a tracking link: the request's number and a keyed MAC of the town and that number (128 bits).
 * Nothing is stored, so the link can be sent again (a resident who verifies the phone again gets their links back), and a
 * token of one town never opens a request of another: the MAC covers the town.
 */
@Component
class TrackingTokens {

    private final SecretKeySpec key;

    TrackingTokens(SecretsAtRest secrets) {
        this.key = secrets.hashKey("report-tracking");
    }

    String of(Town town, long number) {
        return number + "-" + mac(town, number);
    }

    /** The request number the token names in this town, if the token is right. */
    OptionalLong number(Town town, String token) {
        if (token == null || token.length() > 60) {
            return OptionalLong.empty();
        }
        var dash = token.indexOf('-');
        if (dash < 1) {
            return OptionalLong.empty();
        }
        long number;
        try {
            number = Long.parseLong(token.substring(0, dash));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
        var expected = mac(town, number).getBytes(StandardCharsets.US_ASCII);
        var given = token.substring(dash + 1).getBytes(StandardCharsets.US_ASCII);
        return number > 0 && MessageDigest.isEqual(expected, given) ? OptionalLong.of(number) : OptionalLong.empty();
    }

    private String mac(Town town, long number) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            var digest = mac.doFinal((town.slug() + ":" + number).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 16));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
