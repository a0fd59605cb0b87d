package org.townalliance.residents;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.townalliance.tenancy.PublicTowns;
import reactor.core.publisher.Mono;

import java.util.UUID;

/** A resident's phone verified by a one-time SMS code, before they file a request (no account needed). */
@RestController
@Tag(name = "Public", description = "No login needed")
class PhoneVerificationController {

    record CodeRequest(@NotBlank @Pattern(regexp = "^1[3-9][0-9]{9}$", message = "is a mainland mobile number (11 digits)") String phone) {
    }

    record CheckRequest(@NotBlank @Pattern(regexp = "^[0-9]{6}$", message = "is the six digits sent by SMS") String code) {
    }

    private final PublicTowns towns;
    private final PhoneVerifications verifications;

    PhoneVerificationController(PublicTowns towns, PhoneVerifications verifications) {
        this.towns = towns;
        this.verifications = verifications;
    }

    @PostMapping(path = "/public/towns/{town}/phone-verifications", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Send a six-digit code to the resident's phone (5 minutes, 5 attempts; limited per phone and per address)")
    Mono<ResponseEntity<PhoneVerifications.Started>> start(@PathVariable String town, @Valid @RequestBody CodeRequest request,
                                                          ServerWebExchange exchange) {
        var address = exchange.getRequest().getRemoteAddress();
        var client = address == null || address.getAddress() == null ? "unknown" : address.getAddress().getHostAddress();
        return towns.open(town).flatMap(t -> verifications.start(t.town(), request.phone(), client))
                .map(started -> ResponseEntity.status(HttpStatus.ACCEPTED).body(started));
    }

    @PostMapping(path = "/public/towns/{town}/phone-verifications/{verificationId}/check", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Check the code: a proof for the resident's request when right (400 wrong-code with attempts left, 410 expired)")
    Mono<PhoneVerifications.Verified> check(@PathVariable String town, @PathVariable UUID verificationId,
                                            @Valid @RequestBody CheckRequest request) {
        return towns.open(town).flatMap(t -> verifications.check(t.town(), verificationId, request.code()));
    }
}
