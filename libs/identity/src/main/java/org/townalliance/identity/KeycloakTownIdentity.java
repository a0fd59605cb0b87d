package org.townalliance.identity;

import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Map;

/**
 * A town in Keycloak: its group tree ({@code /towns/{slug}/secretariat|hotline|orgs|integrations/city-hotline})
 * and a confidential client {@code city-hotline-{slug}} whose service account sits in the town's
 * city-hotline group, so the 12345 system gets exactly that town's CITY_HOTLINE grant.
 */
@Service
class KeycloakTownIdentity implements TownIdentityProvisioning {

    static final List<String> TOWN_GROUPS = List.of("secretariat", "hotline", "orgs", "integrations/city-hotline");

    private final KeycloakAdmin admin;

    KeycloakTownIdentity(KeycloakAdmin admin) {
        this.admin = admin;
    }

    static String cityHotlineClientId(String town) {
        return "city-hotline-" + town;
    }

    @Override
    public Mono<Void> provision(String town, String townNameZh) {
        return admin.call(() -> {
            for (var group : TOWN_GROUPS) {
                admin.ensureGroup("/towns/" + town + "/" + group);
            }
            ensureCityHotlineClient(town, townNameZh);
            return true;
        }).then();
    }

    @Override
    public Mono<Void> archive(String town) {
        return admin.call(() -> {
            var clients = admin.realm().clients();
            for (var client : clients.findByClientId(cityHotlineClientId(town))) {
                client.setEnabled(false);
                clients.get(client.getId()).update(client);
            }
            admin.groupByPath("/towns/" + town).ifPresent(group -> {
                group.setAttributes(Map.of("archived", List.of("true")));
                admin.realm().groups().group(group.getId()).update(group);
            });
            return true;
        }).then();
    }

    /** Issues a new secret for the town's 12345 client; the old one stops working at once. */
    Mono<CityHotlineCredentials> rotateCityHotlineSecret(String town) {
        return admin.call(() -> {
            var clients = admin.realm().clients();
            var client = clients.findByClientId(cityHotlineClientId(town)).stream().findFirst()
                    .orElseThrow(() -> org.townalliance.web.ProblemException.notFound("integration-not-found",
                            "Town '" + town + "' has no city-hotline client; onboard the town first."));
            var secret = clients.get(client.getId()).generateNewSecret().getValue();
            return new CityHotlineCredentials(client.getClientId(), secret);
        });
    }

    private void ensureCityHotlineClient(String town, String townNameZh) {
        var clients = admin.realm().clients();
        var clientId = cityHotlineClientId(town);
        var existing = clients.findByClientId(clientId);
        String id;
        if (existing.isEmpty()) {
            var client = new ClientRepresentation();
            client.setClientId(clientId);
            client.setName("12345 城运热线 · " + townNameZh);
            client.setEnabled(true);
            client.setPublicClient(false);
            client.setServiceAccountsEnabled(true);
            client.setStandardFlowEnabled(false);
            client.setDirectAccessGrantsEnabled(false);
            client.setImplicitFlowEnabled(false);
            client.setProtocolMappers(ClientMappers.apiMappers());
            var response = clients.create(client);
            if (response.getStatus() == 409) {
                response.close();
                id = clients.findByClientId(clientId).getFirst().getId();
            } else {
                id = KeycloakAdmin.createdId(response);
            }
        } else {
            id = existing.getFirst().getId();
        }
        var serviceAccount = clients.get(id).getServiceAccountUser();
        var group = admin.ensureGroup("/towns/" + town + "/integrations/city-hotline");
        admin.realm().users().get(serviceAccount.getId()).joinGroup(group.getId());
    }

    /** Credentials of a town's city-hotline client, shown once to the platform admin. */
    record CityHotlineCredentials(String clientId, String clientSecret) {
    }

    /** The two mappers every client that calls the API needs: audience and full-path groups. */
    static final class ClientMappers {
        private ClientMappers() {
        }

        static List<ProtocolMapperRepresentation> apiMappers() {
            var audience = new ProtocolMapperRepresentation();
            audience.setName("alliance-api audience");
            audience.setProtocol("openid-connect");
            audience.setProtocolMapper("oidc-audience-mapper");
            audience.setConfig(Map.of("included.client.audience", "alliance-api", "access.token.claim", "true",
                    "id.token.claim", "false"));
            var groups = new ProtocolMapperRepresentation();
            groups.setName("town groups (full path)");
            groups.setProtocol("openid-connect");
            groups.setProtocolMapper("oidc-group-membership-mapper");
            groups.setConfig(Map.of("claim.name", "groups", "full.path", "true", "access.token.claim", "true",
                    "id.token.claim", "false", "userinfo.token.claim", "true"));
            return List.of(audience, groups);
        }
    }
}
