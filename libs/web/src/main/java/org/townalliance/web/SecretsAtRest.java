package org.townalliance.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Secrets the platform must read back (a town's city-hotline signing secret) are stored sealed: AES-256-GCM (the
 * JDK's) under a key from the environment, never in the database. The stored form is an envelope
 * {@code v1:<key id>:<base64url(12-byte nonce | ciphertext | 16-byte tag)>}; the associated data is what the value
 * is for and whose it is (e.g. {@code city-hotline-signing:dachang}), so a sealed value copied to another town or
 * column does not open. Rotation: add a new key to {@code alliance.secrets.keys}, make it {@code active-key}, re-seal
 * (values sealed with older keys keep opening while their key is listed), then drop the old key.
 */
@Component
public class SecretsAtRest {

    private static final String VERSION = "v1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
    private final String activeKey;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param keys      {@code id:base64-of-32-bytes} pairs, comma-separated (e.g. from a Kubernetes secret)
     * @param activeKey the id that seals new values
     */
    public SecretsAtRest(@Value("${alliance.secrets.keys:}") String keys, @Value("${alliance.secrets.active-key:}") String activeKey) {
        for (var entry : keys.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            var colon = entry.indexOf(':');
            if (colon <= 0) {
                throw new IllegalStateException("alliance.secrets.keys: each key is id:base64 (32 bytes)");
            }
            var id = entry.substring(0, colon).trim();
            var bytes = Base64.getDecoder().decode(entry.substring(colon + 1).trim());
            if (bytes.length != 32 || !id.matches("[A-Za-z0-9_-]{1,32}")) {
                throw new IllegalStateException("alliance.secrets.keys: key '" + id + "' needs a simple id and 32 bytes (AES-256)");
            }
            this.keys.put(id, new SecretKeySpec(bytes, "AES"));
        }
        if (this.keys.isEmpty()) {
            throw new IllegalStateException("""
                    No key to seal secrets at rest: set ALLIANCE_SECRETS_KEYS (id:base64 of 32 random bytes, e.g. \
                    'k1:'$(head -c32 /dev/urandom | base64)) and ALLIANCE_SECRETS_ACTIVE_KEY (docs/operations.md).""");
        }
        this.activeKey = activeKey == null || activeKey.isBlank() ? this.keys.keySet().iterator().next() : activeKey.trim();
        if (!this.keys.containsKey(this.activeKey)) {
            throw new IllegalStateException("alliance.secrets.active-key '" + this.activeKey + "' is not among alliance.secrets.keys");
        }
    }

    /** Seals {@code plaintext} with the active key for {@code purpose} (e.g. {@code city-hotline-signing:dachang}). */
    public String seal(String plaintext, String purpose) {
        var nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            var cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(activeKey), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            var sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            var body = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
            return VERSION + ":" + activeKey + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /**
     * Opens a sealed value; a value stored before sealing existed (no envelope) is returned as it is, to be re-sealed.
     * A value that does not open (another purpose, a key no longer listed, tampered) is an error, never a guess.
     */
    public String open(String stored, String purpose) {
        if (!isSealed(stored)) {
            return stored;
        }
        var parts = stored.split(":", 3);
        var key = keys.get(parts[1]);
        if (key == null) {
            throw new IllegalStateException("a secret is sealed with key '" + parts[1] + "', which alliance.secrets.keys no longer lists");
        }
        var body = Base64.getUrlDecoder().decode(parts[2]);
        try {
            var cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, Arrays.copyOf(body, NONCE_BYTES)));
            cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(body, NONCE_BYTES, body.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a sealed secret does not open for " + purpose + " (tampered, or moved from elsewhere)", e);
        }
    }

    /**
     * A key for keyed hashes of values that are only ever compared, never read back (one-time codes), derived from the
     * active key for {@code purpose}. A key rotation changes it: what was hashed before (codes of a few minutes) no
     * longer matches.
     */
    public SecretKeySpec hashKey(String purpose) {
        try {
            var mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(keys.get(activeKey).getEncoded(), "HmacSHA256"));
            return new SecretKeySpec(mac.doFinal(("derived-hash-key:" + purpose).getBytes(StandardCharsets.UTF_8)), "HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Whether the stored value is sealed with the active key (otherwise re-sealing would change it). */
    public boolean sealedWithActiveKey(String stored) {
        return isSealed(stored) && stored.startsWith(VERSION + ":" + activeKey + ":");
    }

    private static boolean isSealed(String stored) {
        return stored != null && stored.startsWith(VERSION + ":") && stored.split(":", 3).length == 3;
    }
}
