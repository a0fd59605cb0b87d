package org.townalliance.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The platform's own Keycloak client for provisioning: a confidential client with a service account
 * holding realm-management roles in the platform realm (see infra/keycloak/alliance-realm.json).
 *
 * @param serverUrl            Keycloak base URL, e.g. https://id.example.cn
 * @param realm                the platform realm
 * @param clientId             the provisioning client
 * @param clientSecret         its secret (from a Kubernetes secret / environment)
 * @param sendInvitationEmail  whether invited people get Keycloak's "set your password" e-mail (needs SMTP)
 * @param connectTimeout       how long a connection to Keycloak may take (default 3 s)
 * @param readTimeout          how long one answer from Keycloak may take (default 5 s): a hung Keycloak costs a
 *                             provisioning call this long, then the circuit breaker answers at once
 * @param breakerOpenFor       how long the breaker stays open before letting a trial call through (default 15 s)
 * @param maxConcurrentCalls   calls to Keycloak at once (the bulkhead; default 8): the rest are refused at once
 *                             instead of taking the workers that Liquibase, imports and PDFs share
 */
@ConfigurationProperties("alliance.keycloak")
record KeycloakAdminProperties(String serverUrl, String realm, String clientId, String clientSecret,
                               Boolean sendInvitationEmail, java.time.Duration connectTimeout, java.time.Duration readTimeout,
                               java.time.Duration breakerOpenFor, Integer maxConcurrentCalls) {

    KeycloakAdminProperties {
        connectTimeout = connectTimeout == null ? java.time.Duration.ofSeconds(3) : connectTimeout;
        readTimeout = readTimeout == null ? java.time.Duration.ofSeconds(5) : readTimeout;
        breakerOpenFor = breakerOpenFor == null ? java.time.Duration.ofSeconds(15) : breakerOpenFor;
        maxConcurrentCalls = maxConcurrentCalls == null || maxConcurrentCalls < 1 ? 8 : maxConcurrentCalls;
        realm = realm == null || realm.isBlank() ? "alliance" : realm;
        clientId = clientId == null || clientId.isBlank() ? "alliance-provisioner" : clientId;
        sendInvitationEmail = sendInvitationEmail != null && sendInvitationEmail;
    }
}
