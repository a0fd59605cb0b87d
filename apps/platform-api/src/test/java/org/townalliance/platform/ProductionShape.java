package org.townalliance.platform;

import com.marcnuri.helm.Helm;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.core.env.CommandLinePropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.townalliance.devstack.Ports;
import org.townalliance.devstack.RealmDefinition;
import org.townalliance.testkit.NginxProxy;
import org.townalliance.testkit.RedisServer;
import org.townalliance.testkit.S3Server;
import org.townalliance.testkit.TestStack;
import org.yaml.snakeyaml.Yaml;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The platform as its Helm chart deploys it, in the test JVM: a real nginx configured as ingress-nginx proxies, in
 * front of two platform replicas on the suite's one PostgreSQL and one Keycloak, sharing a real Redis and a real
 * S3-compatible store (S3Proxy) for photos. Each replica's
 * configuration is the chart's own ConfigMap, rendered here by Helm (helm-java) from the chart's values with only the
 * addresses of this machine set (database, Keycloak, Redis, the proxy), and applied as the pod's environment; the
 * secrets the chart references come from the test stack. Started on first use; each test class stops the replicas
 * when it is done ({@link #stopReplicas()}).
 *
 * <p>Two things differ from a cluster, both said where they are: the replicas share one JVM, so each gets its own
 * management port instead of the chart's 8081; and the console logs in through a local-only copy of its Keycloak client
 * whose access tokens live {@value RealmDefinition#EXPIRING_CONSOLE_TOKEN_SECONDS} s instead of the realm's 300 s
 * (production's, which the suite's realm has too), so that a test can watch the live board outlive several tokens.
 */
final class ProductionShape {

    private static final Path CHART = Path.of("..", "..", "helm", "town-alliance");
    private static ProductionShape started;

    final NginxProxy proxy;
    final RedisServer redis;
    final S3Server s3;
    final List<Replica> replicas;
    final Map<String, String> chartEnvironment;

    private ProductionShape(NginxProxy proxy, RedisServer redis, S3Server s3, List<Replica> replicas, Map<String, String> chartEnvironment) {
        this.proxy = proxy;
        this.redis = redis;
        this.s3 = s3;
        this.replicas = replicas;
        this.chartEnvironment = chartEnvironment;
    }

    /** The environment, its replicas running (started again if a previous test class stopped them). */
    static synchronized ProductionShape get() {
        if (started == null) {
            started = start();
        }
        started.replicas.stream().filter(replica -> replica.context() == null).forEach(Replica::start);
        return started;
    }

    /**
     * Stops the replicas when a test class is done with them: they run the platform's background loops with
     * production timings over the suite's shared database (the city-hotline outbox, deadline timers), which would
     * otherwise take part in other classes' tests. nginx and Redis stay up for the next class.
     */
    static synchronized void stopReplicas() {
        if (started != null) {
            started.replicas.forEach(Replica::stop);
        }
    }

    private static ProductionShape start() {
        PlatformApplication.installReactorHooks();
        var redis = RedisServer.start();
        var s3 = S3Server.start("alliance-media");
        var ports = List.of(Ports.free(), Ports.free());
        var proxy = NginxProxy.start(ports);
        var environment = chartEnvironment(redis, s3, proxy);
        var replicas = List.of(new Replica("a", ports.get(0), environment), new Replica("b", ports.get(1), environment));
        replicas.forEach(Replica::start);
        var shape = new ProductionShape(proxy, redis, s3, replicas, environment);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> replicas.forEach(Replica::stop), "production-shape-stop"));
        return shape;
    }

    /** The chart's ConfigMap (as the pod's environment) plus the secrets it references. */
    private static Map<String, String> chartEnvironment(RedisServer redis, S3Server s3, NginxProxy proxy) {
        var database = URI.create(TestStack.database().jdbcUrl().substring("jdbc:".length()));
        var keycloak = URI.create(TestStack.keycloak().baseUrl());
        var rendered = new Helm(CHART).template().withName("alliance").withNamespace("alliance")
                .set("database.host", database.getHost())
                .set("database.port", Integer.toString(database.getPort()))
                .set("database.name", database.getPath().substring(1))
                .set("keycloak.issuerUri", TestStack.issuer())
                .set("keycloak.url", keycloak.toString().replaceAll("/$", ""))
                .set("console.url", proxy.baseUrl())
                .set("redis.url", redis.url())
                // Photos in S3-compatible storage shared by the replicas (S3Proxy on this machine).
                .set("media.store", "s3")
                .set("media.s3.endpoint", s3.endpoint())
                .set("media.s3.bucket", s3.bucket())
                .set("media.s3.pathStyle", "true")
                .set("media.s3.existingSecret", "alliance-media-s3")
                // Notifications' e-mail to the test JVM's SMTP server (GreenMail), plain SMTP on loopback.
                .set("mail.host", "127.0.0.1")
                .set("mail.port", Integer.toString(TestStack.mail().port()))
                .set("mail.from", "noreply@alliance.local")
                .set("mail.starttls", "false")
                // The ingress controller here is nginx on this machine's loopback.
                .set("trustedProxies[0]", "127.0.0.1/32")
                .call();
        Map<String, String> environment = new LinkedHashMap<>();
        for (var document : new Yaml().loadAll(rendered)) {
            if (document instanceof Map<?, ?> manifest && "ConfigMap".equals(manifest.get("kind"))) {
                ((Map<?, ?>) manifest.get("data")).forEach((key, value) -> environment.put(key.toString(), value.toString()));
            }
        }
        if (environment.isEmpty()) {
            throw new IllegalStateException("the chart rendered no ConfigMap");
        }
        environment.remove("JAVA_TOOL_OPTIONS"); // the JVM's options; these replicas share the test JVM
        environment.put("ALLIANCE_DB_USERNAME", TestStack.database().username());
        environment.put("ALLIANCE_DB_PASSWORD", TestStack.database().password());
        environment.put("ALLIANCE_KEYCLOAK_CLIENT_SECRET", RealmDefinition.LOCAL_PROVISIONER_SECRET);
        environment.put("ALLIANCE_SECRETS_KEYS", TestStack.SECRETS_KEYS); // the chart's secretsAtRest Secret
        environment.put("ALLIANCE_SECRETS_ACTIVE_KEY", "test1");
        environment.put("ALLIANCE_MEDIA_S3_ACCESS_KEY", S3Server.ACCESS_KEY); // the chart's media.s3.existingSecret
        environment.put("ALLIANCE_MEDIA_S3_SECRET_KEY", S3Server.SECRET_KEY);
        return Map.copyOf(environment);
    }

    /**
     * A pod has its JVM to itself; a second platform in the test JVM must not use Reactor Netty's global event loops,
     * which Boot disposes when that context closes, taking every other server of the JVM (the suite's shared
     * instance included) down with them.
     */
    static ApplicationContextInitializer<ConfigurableApplicationContext> ownEventLoops() {
        return app -> ((GenericApplicationContext) app).registerBean("reactorResourceFactory", ReactorResourceFactory.class, () -> {
            var own = new ReactorResourceFactory();
            own.setUseGlobalResources(false);
            return own;
        });
    }

    String proxyUrl() {
        return proxy.baseUrl();
    }

    /** One platform replica on a fixed port (nginx's upstream), which can be restarted as a rolled pod is. */
    static final class Replica {

        final String name;
        final int port;
        final int managementPort = Ports.free();
        private final Map<String, String> environment;
        private ConfigurableApplicationContext context;

        Replica(String name, int port, Map<String, String> environment) {
            this.name = name;
            this.port = port;
            this.environment = environment;
        }

        synchronized void start() {
            var overrides = new HashMap<String, String>();
            overrides.put("server.port", Integer.toString(port));
            overrides.put("management.server.port", Integer.toString(managementPort)); // not the chart's 8081: one JVM
            overrides.put("alliance.console.client-id", RealmDefinition.EXPIRING_CONSOLE); // tokens of 20 s, see above
            var arguments = overrides.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
            context = new SpringApplicationBuilder(PlatformApplication.class)
                    .initializers(app -> app.getEnvironment().getPropertySources().addAfter(
                            CommandLinePropertySource.COMMAND_LINE_PROPERTY_SOURCE_NAME,
                            // Named as Boot names the environment's sources ("...-systemEnvironment"): only then does
                            // @ConfigurationProperties binding map ALLIANCE_MEDIA_S3_BUCKET to alliance.media.s3.bucket, as in a pod.
                            new SystemEnvironmentPropertySource("chart-ConfigMap-and-Secrets-systemEnvironment", new HashMap<>(environment))))
                    .initializers(ownEventLoops())
                    .run(arguments);
        }

        synchronized void stop() {
            if (context != null) {
                context.close();
                context = null;
            }
        }

        /** As a rollout replaces a pod: stopped (gracefully), then started again on the same address. */
        void restart() {
            stop();
            start();
        }

        ConfigurableApplicationContext context() {
            return context;
        }

        String url() {
            return "http://127.0.0.1:" + port;
        }
    }
}
