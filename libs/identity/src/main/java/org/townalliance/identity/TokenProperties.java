package org.townalliance.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * How access tokens are validated.
 *
 * @param issuerUri the realm issuer every token must name ({@code iss})
 * @param jwksUri   where the signing keys are fetched (in-cluster URL allowed); default issuer + /protocol/openid-connect/certs
 * @param audience  the audience every token must carry ({@code aud})
 * @param clockSkew tolerance for {@code exp}/{@code nbf} between Keycloak's clock and ours
 */
@ConfigurationProperties("alliance.oidc")
record TokenProperties(String issuerUri, String jwksUri, String audience, Duration clockSkew) {

    TokenProperties {
        audience = audience == null || audience.isBlank() ? "alliance-api" : audience;
        clockSkew = clockSkew == null ? Duration.ofSeconds(30) : clockSkew;
        if (issuerUri == null || issuerUri.isBlank()) {
            throw new IllegalStateException("alliance.oidc.issuer-uri (ALLIANCE_OIDC_ISSUER_URI) is required: the Keycloak realm issuer");
        }
        jwksUri = jwksUri == null || jwksUri.isBlank() ? issuerUri + "/protocol/openid-connect/certs" : jwksUri;
    }
}
