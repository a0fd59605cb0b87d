package org.townalliance.identity;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Mono;

/** The platform admin hands a town's 12345 system its client credentials (shown once, on rotation). */
@RestController
@Tag(name = "Platform: integrations")
class CityHotlineCredentialsController {

    private final KeycloakTownIdentity identity;

    CityHotlineCredentialsController(KeycloakTownIdentity identity) {
        this.identity = identity;
    }

    @PostMapping(path = "/api/platform/towns/{slug}/city-hotline-credentials", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Issue a new secret for the town's city-hotline (12345) client; the previous secret stops working")
    Mono<KeycloakTownIdentity.CityHotlineCredentials> rotate(@PathVariable String slug) {
        if (!slug.matches("^[a-z][a-z0-9-]{1,30}$")) {
            return Mono.error(ProblemException.badRequest("invalid-town-slug",
                    "A town slug is 2 to 31 characters: a lower-case letter, then lower-case letters, digits or '-'."));
        }
        return identity.rotateCityHotlineSecret(slug);
    }
}
