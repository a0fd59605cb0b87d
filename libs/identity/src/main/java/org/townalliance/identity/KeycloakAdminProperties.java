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
 */
@ConfigurationProperties("alliance.keycloak")
record KeycloakAdminProperties(String serverUrl, String realm, String clientId, String clientSecret,
                               Boolean sendInvitationEmail) {

    KeycloakAdminProperties {
        realm = realm == null || realm.isBlank() ? "alliance" : realm;
        clientId = clientId == null || clientId.isBlank() ? "alliance-provisioner" : clientId;
        sendInvitationEmail = sendInvitationEmail != null && sendInvitationEmail;
    }
}
