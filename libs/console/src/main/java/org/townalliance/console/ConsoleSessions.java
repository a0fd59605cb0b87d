package org.townalliance.console;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.session.data.redis.config.annotation.web.server.EnableRedisWebSession;

import java.time.Duration;

/**
 * The console's sessions in Redis when {@code alliance.redis.url} is set: every replica reads the same session (the
 * person's login, the authorized client holding their tokens, the saved request; the CSRF token is a cookie), so
 * consecutive requests may land anywhere and a restarted replica logs nobody out. Without it (the embedded default, one replica) sessions
 * stay in the process. Idle sessions end after Keycloak's own idle time (30 min).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${alliance.redis.url:}'.isBlank()")
@EnableRedisWebSession(maxInactiveIntervalInSeconds = 1800, redisNamespace = "alliance:console:session")
class ConsoleSessions {

    @Bean
    LettuceConnectionFactory consoleSessionRedis(@Value("${alliance.redis.url}") String url) {
        var client = LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(5)).build();
        return new LettuceConnectionFactory(LettuceConnectionFactory.createRedisConfiguration(url), client);
    }
}
