package org.townalliance.residents;

import org.jooq.DSLContext;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.townalliance.db.Reactive;
import org.townalliance.sms.SmsGateway;
import org.townalliance.tenancy.Town;
import org.townalliance.web.ProblemException;
import org.townalliance.web.RateLimits;
import org.townalliance.web.SecretsAtRest;
import reactor.core.publisher.Mono;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

import static org.townalliance.db.jooq.platform.Tables.PHONE_VERIFICATION;

/**
 * A resident proves they hold a phone before filing: a six-digit code by SMS, usable for five minutes and five
 * attempts, at most one a minute and five an hour per phone and twenty an hour per client address. Codes and proofs
 * are kept only as keyed hashes (HMAC-SHA256 under a key derived from the secrets-at-rest key), so a copy of the table
 * tells nobody a code: six digits would be guessed from a plain hash at once. A verified code answers a proof, valid for thirty minutes, which the resident's request carries.
 */
@Service
class PhoneVerifications {

    static final Duration CODE_LIFETIME = Duration.ofMinutes(5);
    static final Duration PROOF_LIFETIME = Duration.ofMinutes(30);
    static final int MAX_ATTEMPTS = 5;

    /** What a resident is told after asking for a code: where to send it, until when, when another may be asked. */
    record Started(UUID verificationId, OffsetDateTime expiresAt, int resendAfterSeconds) {
    }

    /** A verified phone: the proof the resident's request carries, and until when. */
    record Verified(String proof, OffsetDateTime validUntil) {
    }

    /** What checking a code found: the proof when right, else the attempts left (the wrong attempt is committed first). */
    private record Checked(String proof, int attemptsLeft) {
    }

    private final DSLContext platform;
    private final SmsGateway sms;
    private final RateLimits limits;
    private final Clock clock;
    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    PhoneVerifications(DSLContext platform, SmsGateway sms, RateLimits limits, Clock clock, SecretsAtRest secrets) {
        this.platform = platform;
        this.sms = sms;
        this.limits = limits;
        this.clock = clock;
        this.key = secrets.hashKey("phone-verification");
    }

    /** Sends a code to {@code phone}; refused (429) beyond the limits, before anything is sent. */
    Mono<Started> start(Town town, String phone, String clientAddress) {
        var id = UUID.randomUUID();
        var code = String.format("%06d", random.nextInt(1_000_000));
        var now = now();
        return limits.take("otp-phone-minute:" + phone, 1, Duration.ofMinutes(1), "A code was sent to this phone less than a minute ago.")
                .then(limits.take("otp-phone-hour:" + phone, 5, Duration.ofHours(1), "Five codes were sent to this phone within the hour."))
                .then(limits.take("otp-address:" + clientAddress, 20, Duration.ofHours(1), "Too many codes were asked for from this address."))
                .then(Reactive.run(platform.insertInto(PHONE_VERIFICATION)
                        .set(PHONE_VERIFICATION.ID, id).set(PHONE_VERIFICATION.TOWN, town.slug()).set(PHONE_VERIFICATION.PHONE, phone)
                        .set(PHONE_VERIFICATION.CODE_HASH, hash("code", id + ":" + code))
                        .set(PHONE_VERIFICATION.EXPIRES_AT, now.plus(CODE_LIFETIME)).set(PHONE_VERIFICATION.CREATED_AT, now)))
                .then(sms.send(new SmsGateway.Message(town.slug(), phone, SmsGateway.Templates.VERIFICATION_CODE,
                        "【" + town.nameZh() + "】您的验证码是 " + code + "，5 分钟内有效。请勿告诉他人。", Map.of("code", code))))
                .thenReturn(new Started(id, now.plus(CODE_LIFETIME), 60));
    }

    /** Checks a code: the proof when right; 400 with the attempts left when wrong; 410 when expired or used up. */
    Mono<Verified> check(Town town, UUID verificationId, String code) {
        var now = now();
        return Reactive.one(platform.transactionPublisher(trx -> Reactive.one(trx.dsl().selectFrom(PHONE_VERIFICATION)
                        .where(PHONE_VERIFICATION.ID.eq(verificationId)).and(PHONE_VERIFICATION.TOWN.eq(town.slug())).forUpdate())
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("verification-not-found", "No such code was sent for this town.")))
                .flatMap(v -> {
                    if (v.getVerifiedAt() != null || v.getAttempts() >= MAX_ATTEMPTS || !v.getExpiresAt().isAfter(now)) {
                        return Mono.error(new ProblemException(HttpStatus.GONE, "code-expired", "Code no longer valid",
                                "This code has expired or was used up; ask for a new one."));
                    }
                    if (!hash("code", v.getId() + ":" + code).equals(v.getCodeHash())) {
                        var left = MAX_ATTEMPTS - v.getAttempts() - 1;
                        return Reactive.run(trx.dsl().update(PHONE_VERIFICATION).set(PHONE_VERIFICATION.ATTEMPTS, v.getAttempts() + 1)
                                        .where(PHONE_VERIFICATION.ID.eq(v.getId())))
                                .thenReturn(new Checked(null, left));
                    }
                    var proof = token();
                    return Reactive.run(trx.dsl().update(PHONE_VERIFICATION).set(PHONE_VERIFICATION.VERIFIED_AT, now)
                                    .set(PHONE_VERIFICATION.ATTEMPTS, v.getAttempts() + 1)
                                    .set(PHONE_VERIFICATION.PROOF_HASH, hash("proof", proof)).where(PHONE_VERIFICATION.ID.eq(v.getId())))
                            .thenReturn(new Checked(proof, 0));
                })))
                .flatMap(result -> result.proof() == null
                        ? Mono.error(new ProblemException(HttpStatus.BAD_REQUEST, "wrong-code", "Wrong code",
                                "The code is not right; " + result.attemptsLeft() + " attempt(s) left.", Map.of("attemptsLeft", result.attemptsLeft())))
                        : Mono.just(new Verified(result.proof(), now.plus(PROOF_LIFETIME))));
    }

    /** The phone a valid proof was given for in this town; 401 when the proof is unknown, of another town or too old. */
    Mono<String> phoneOf(Town town, String proof) {
        if (proof == null || proof.isBlank() || proof.length() > 100) {
            return Mono.error(ResidentProblems::proofRequired);
        }
        var validSince = now().minus(PROOF_LIFETIME);
        return Reactive.one(platform.select(PHONE_VERIFICATION.PHONE).from(PHONE_VERIFICATION)
                        .where(PHONE_VERIFICATION.PROOF_HASH.eq(hash("proof", proof))).and(PHONE_VERIFICATION.TOWN.eq(town.slug()))
                        .and(PHONE_VERIFICATION.VERIFIED_AT.gt(validSince)))
                .map(r -> r.value1())
                .switchIfEmpty(Mono.error(ResidentProblems::proofRequired));
    }

    /** A key naming the resident without their number (their pending photos are bound to it). */
    String residentKey(Town town, String phone) {
        return hash("resident", town.slug() + ":" + phone);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    private String token() {
        var bytes = new byte[24];
        random.nextBytes(bytes);
        return "pv_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private String hash(String purpose, String value) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal((purpose + ":" + value).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
