package org.townalliance.identity;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
@EnableConfigurationProperties({KeycloakAdminProperties.class, TokenProperties.class})
class IdentityConfiguration {

    @Bean
    KeycloakAdmin keycloakAdmin(KeycloakAdminProperties properties) {
        return new KeycloakAdmin(properties);
    }
}
