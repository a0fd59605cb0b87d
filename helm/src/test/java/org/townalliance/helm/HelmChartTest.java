package org.townalliance.helm;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.marcnuri.helm.Helm;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Ingress;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The chart with Helm itself (helm-java: Helm compiled into a native library from Maven Central, no binary, no
 * cluster): strict lint, rendering with several values files, every rendered manifest validated against the
 * Kubernetes 1.28 API schema (the official client's models for 1.28 check every field, nested, and the required
 * ones; 1.28 is the chart's minimum), and the fields that matter asserted: probes, security context, replicas,
 * secrets by reference, the config checksum. The ServiceMonitor (a Prometheus Operator CRD, not in the
 * Kubernetes API) is checked field by field instead.
 */
class HelmChartTest {

    private static final Path CHART = Path.of("town-alliance");
    private static final Path VALUES = Path.of("src", "test", "resources", "values");

    static {
        new io.kubernetes.client.openapi.JSON(); // sets up the models' Gson for fromJson
    }

    @Test
    void theChartPassesStrictLint() {
        var lint = new Helm(CHART).lint().strict().call();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "production.yaml", "minimal.yaml", "restricted-egress.yaml"})
    void everyRenderedManifestIsValidForKubernetes128(String valuesFile) throws Exception {
        var manifests = render(valuesFile);
        assertThat(manifests).extracting(m -> m.get("kind").getAsString()).contains("Deployment", "Service", "ConfigMap");
        for (var manifest : manifests) {
            var kind = manifest.get("kind").getAsString();
            switch (kind) {
                case "Deployment" -> V1Deployment.validateJsonObject(manifest);
                case "Service" -> V1Service.validateJsonObject(manifest);
                case "ConfigMap" -> V1ConfigMap.validateJsonObject(manifest);
                case "ServiceAccount" -> V1ServiceAccount.validateJsonObject(manifest);
                case "Ingress" -> V1Ingress.validateJsonObject(manifest);
                case "HorizontalPodAutoscaler" -> V2HorizontalPodAutoscaler.validateJsonObject(manifest);
                case "PodDisruptionBudget" -> V1PodDisruptionBudget.validateJsonObject(manifest);
                case "NetworkPolicy" -> V1NetworkPolicy.validateJsonObject(manifest);
                case "Pod" -> V1Pod.validateJsonObject(manifest);
                case "ServiceMonitor" -> serviceMonitor(manifest);
                default -> throw new AssertionError("no schema check for kind " + kind);
            }
        }
    }

    @Test
    void theValidatorRefusesWhatKubernetesWouldRefuse() throws Exception {
        var deployment = render("").stream().filter(m -> "Deployment".equals(m.get("kind").getAsString())).findFirst().orElseThrow();
        deployment.getAsJsonObject("spec").addProperty("replica", 3);
        assertThatThrownBy(() -> V1Deployment.validateJsonObject(deployment)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("replica");
    }

    @Test
    void theDeploymentHasProbesARestrictedSecurityContextAndSecretsByReference() throws Exception {
        var manifests = render("production.yaml");
        var deployment = V1Deployment.fromJson(find(manifests, "Deployment").toString());
        assertThat(deployment.getSpec().getReplicas()).as("the autoscaler owns replicas").isNull();
        var pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        var api = pod.getContainers().getFirst();
        assertThat(api.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(api.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(api.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(api.getStartupProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
        assertThat(api.getStartupProbe().getFailureThreshold() * api.getStartupProbe().getPeriodSeconds()).isGreaterThanOrEqualTo(600);
        assertThat(api.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
        assertThat(api.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
        assertThat(api.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
        assertThat(api.getResources().getLimits()).containsKey("memory");
        assertThat(api.getEnv()).filteredOn(e -> e.getName().equals("ALLIANCE_DB_PASSWORD")).singleElement()
                .satisfies(e -> assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("alliance-db-app"));
        assertThat(api.getEnv()).filteredOn(e -> e.getName().startsWith("ALLIANCE_SECRETS_")).hasSize(2)
                .allSatisfy(e -> assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("alliance-secrets-at-rest"));
        assertThat(api.getEnv()).filteredOn(e -> e.getName().equals("ALLIANCE_MIGRATION_PARALLELISM")).singleElement()
                .satisfies(e -> assertThat(e.getValue()).isEqualTo("8"));
        assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations()).containsKey("checksum/config");
        assertThat(api.getImage()).isEqualTo("registry.example.invalid/town-alliance/platform-api:0.1.0");

        var config = V1ConfigMap.fromJson(find(manifests, "ConfigMap").toString());
        assertThat(config.getData()).containsEntry("ALLIANCE_DB_JDBC_URL", "jdbc:postgresql://alliance-db-rw:5432/alliance")
                .containsEntry("ALLIANCE_DB_POOL_MAX_SIZE", "24").doesNotContainKeys("ALLIANCE_DB_PASSWORD", "ALLIANCE_KEYCLOAK_CLIENT_SECRET");
        var autoscaler = V2HorizontalPodAutoscaler.fromJson(find(manifests, "HorizontalPodAutoscaler").toString());
        assertThat(autoscaler.getSpec().getMinReplicas()).isEqualTo(3);
    }

    @Test
    void replicasComeFromTheValuesWithoutAnAutoscalerAndAChangedConfigRollsThePods() throws Exception {
        var one = V1Deployment.fromJson(find(render("minimal.yaml"), "Deployment").toString());
        assertThat(one.getSpec().getReplicas()).isEqualTo(1);
        assertThat(render("minimal.yaml")).extracting(m -> m.get("kind").getAsString()).doesNotContain("NetworkPolicy", "PodDisruptionBudget", "ServiceAccount");
        var before = V1Deployment.fromJson(find(render(""), "Deployment").toString());
        assertThat(before.getSpec().getReplicas()).isEqualTo(2);
        var after = V1Deployment.fromJson(find(new Helm(CHART).template().withName("alliance").set("database.poolMaxSize", 48).call(), "Deployment").toString());
        assertThat(after.getSpec().getTemplate().getMetadata().getAnnotations().get("checksum/config"))
                .isNotEqualTo(before.getSpec().getTemplate().getMetadata().getAnnotations().get("checksum/config"));
    }

    /**
     * Production shape: forwarded headers believed only from the trusted proxies (Spring's own handling off, which on
     * Kubernetes would be on by default), sessions and rate limits in Redis, actuator on a port the Ingress never
     * routes to (the probes and the ServiceMonitor use it; the NetworkPolicy admits monitoring there, not the ingress).
     */
    @Test
    void behindTheIngressOnlyTrustedProxiesSetTheClientAndTheManagementPortIsNotRouted() throws Exception {
        var manifests = render("production.yaml");
        var config = V1ConfigMap.fromJson(find(manifests, "ConfigMap").toString()).getData();
        assertThat(config).containsEntry("SERVER_FORWARD_HEADERS_STRATEGY", "none")
                .containsEntry("ALLIANCE_WEB_TRUSTED_PROXIES", "10.0.0.0/8")
                .containsEntry("ALLIANCE_REDIS_URL", "redis://alliance-redis:6379")
                .containsEntry("MANAGEMENT_SERVER_PORT", "8081");
        var pod = V1Deployment.fromJson(find(manifests, "Deployment").toString()).getSpec().getTemplate().getSpec();
        var api = pod.getContainers().getFirst();
        assertThat(api.getPorts()).extracting(p -> p.getName() + ":" + p.getContainerPort()).containsExactly("http:8080", "management:8081");
        assertThat(List.of(api.getStartupProbe(), api.getLivenessProbe(), api.getReadinessProbe()))
                .allSatisfy(probe -> assertThat(probe.getHttpGet().getPort().getStrValue()).isEqualTo("management"));
        var ingress = V1Ingress.fromJson(find(manifests, "Ingress").toString());
        assertThat(ingress.getMetadata().getAnnotations()).as("residents' photos pass the ingress")
                .containsEntry("nginx.ingress.kubernetes.io/proxy-body-size", "64m");
        assertThat(ingress.getSpec().getRules()).flatExtracting(rule -> rule.getHttp().getPaths())
                .allSatisfy(path -> assertThat(path.getBackend().getService().getPort().getName()).isEqualTo("http"));
        var policy = V1NetworkPolicy.fromJson(find(manifests, "NetworkPolicy").toString());
        var management = policy.getSpec().getIngress().stream()
                .filter(rule -> rule.getPorts().stream().anyMatch(port -> "management".equals(port.getPort().getStrValue()))).toList();
        assertThat(management).singleElement().satisfies(rule -> assertThat(rule.getFrom())
                .noneMatch(peer -> peer.getNamespaceSelector() != null
                        && "ingress-nginx".equals(peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name"))));

        var secret = V1Deployment.fromJson(find(new Helm(CHART).template().withName("alliance")
                .set("redis.existingSecret", "alliance-redis-url").call(), "Deployment").toString());
        assertThat(secret.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv())
                .filteredOn(e -> e.getName().equals("ALLIANCE_REDIS_URL")).singleElement()
                .satisfies(e -> assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("alliance-redis-url"));
    }

    /** Photos: in the database by default; in S3-compatible storage with a bucket (else refused) and keys from a Secret. */
    @Test
    void photosGoToObjectStorageWhenTheChartSaysSo() throws Exception {
        assertThat(V1ConfigMap.fromJson(find(new Helm(CHART).template().withName("alliance").call(), "ConfigMap").toString()).getData())
                .containsEntry("ALLIANCE_MEDIA_STORE", "database").doesNotContainKey("ALLIANCE_MEDIA_S3_BUCKET");
        assertThatThrownBy(() -> new Helm(CHART).template().withName("alliance").set("media.store", "s3").call())
                .hasMessageContaining("media.s3.bucket");
        var s3 = new Helm(CHART).template().withName("alliance").set("media.store", "s3").set("media.s3.bucket", "alliance-photos")
                .set("media.s3.endpoint", "https://oss-cn-shanghai.aliyuncs.com").set("media.s3.existingSecret", "alliance-oss").call();
        assertThat(V1ConfigMap.fromJson(find(s3, "ConfigMap").toString()).getData()).containsEntry("ALLIANCE_MEDIA_STORE", "s3")
                .containsEntry("ALLIANCE_MEDIA_S3_BUCKET", "alliance-photos")
                .containsEntry("ALLIANCE_MEDIA_S3_ENDPOINT", "https://oss-cn-shanghai.aliyuncs.com");
        assertThat(V1Deployment.fromJson(find(s3, "Deployment").toString()).getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv())
                .filteredOn(e -> e.getName().startsWith("ALLIANCE_MEDIA_S3_")).extracting(e -> e.getValueFrom().getSecretKeyRef().getKey())
                .containsExactly("access-key", "secret-key");
        assertThatThrownBy(() -> new Helm(CHART).template().withName("alliance").set("media.store", "ftp").call())
                .hasMessageContaining("media");
    }

    /** SMS: local (none sent) unless the chart names Aliyun with its signature, templates and credentials Secret. */
    @Test
    void smsGoThroughAliyunOnlyWithItsTemplatesAndSecret() throws Exception {
        assertThat(V1ConfigMap.fromJson(find(new Helm(CHART).template().withName("alliance").call(), "ConfigMap").toString()).getData())
                .containsEntry("ALLIANCE_SMS_PROVIDER", "local");
        assertThatThrownBy(() -> new Helm(CHART).template().withName("alliance").set("sms.provider", "aliyun").call())
                .hasMessageContaining("sms.templates.verificationCode");
        var aliyun = new Helm(CHART).template().withName("alliance").set("sms.provider", "aliyun").set("sms.signName", "大场镇物业联盟")
                .set("sms.templates.verificationCode", "SMS_1").set("sms.templates.reportFiled", "SMS_2").set("sms.existingSecret", "alliance-sms").call();
        assertThat(V1ConfigMap.fromJson(find(aliyun, "ConfigMap").toString()).getData()).containsEntry("ALLIANCE_SMS_PROVIDER", "aliyun")
                .containsEntry("ALLIANCE_SMS_TEMPLATES_VERIFICATIONCODE", "SMS_1").containsEntry("ALLIANCE_SMS_SIGN_NAME", "大场镇物业联盟");
        assertThat(V1Deployment.fromJson(find(aliyun, "Deployment").toString()).getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv())
                .filteredOn(e -> e.getName().startsWith("ALLIANCE_SMS_")).extracting(e -> e.getValueFrom().getSecretKeyRef().getName())
                .containsExactly("alliance-sms", "alliance-sms");
        // Tencent's template ids are numbers (which --set passes as such).
        assertThatThrownBy(() -> new Helm(CHART).template().withName("alliance").set("sms.provider", "tencent").set("sms.signName", "签名")
                .set("sms.templates.verificationCode", "1").set("sms.templates.reportFiled", "2").set("sms.existingSecret", "s").call())
                .hasMessageContaining("tencentSdkAppId");
        var tencent = new Helm(CHART).template().withName("alliance").set("sms.provider", "tencent").set("sms.signName", "签名")
                .set("sms.templates.verificationCode", "1").set("sms.templates.reportFiled", "2").set("sms.existingSecret", "alliance-sms")
                .set("sms.tencentSdkAppId", "1400006666").call();
        assertThat(V1ConfigMap.fromJson(find(tencent, "ConfigMap").toString()).getData()).containsEntry("ALLIANCE_SMS_TENCENT_SDKAPPID", "1400006666");
        assertThat(V1Deployment.fromJson(find(tencent, "Deployment").toString()).getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv())
                .filteredOn(e -> e.getName().startsWith("ALLIANCE_SMS_TENCENT_")).extracting(e -> e.getValueFrom().getSecretKeyRef().getKey())
                .containsExactly("secret-id", "secret-key");
    }

    @Test
    void severalReplicasWithoutRedisAreRefused() throws Exception {
        assertThatThrownBy(() -> new Helm(CHART).template().withName("alliance").set("redis.url", "").call())
                .hasMessageContaining("redis.url");
        var one = new Helm(CHART).template().withName("alliance").withValuesFile(VALUES.resolve("minimal.yaml")).set("redis.url", "").call();
        assertThat(V1ConfigMap.fromJson(find(one, "ConfigMap").toString()).getData()).doesNotContainKey("ALLIANCE_REDIS_URL");
    }

    @Test
    void theValuesSchemaRefusesARootContainer() {
        assertThatThrownBy(() -> new Helm(CHART).template().withName("alliance").withValuesFile(VALUES.resolve("root.yaml")).call())
                .hasMessageContaining("runAsNonRoot");
    }

    private static void serviceMonitor(JsonObject manifest) {
        assertThat(manifest.get("apiVersion").getAsString()).isEqualTo("monitoring.coreos.com/v1");
        var endpoint = manifest.getAsJsonObject("spec").getAsJsonArray("endpoints").get(0).getAsJsonObject();
        assertThat(endpoint.get("port").getAsString()).isEqualTo("management");
        assertThat(endpoint.get("path").getAsString()).isEqualTo("/actuator/prometheus");
        assertThat(manifest.getAsJsonObject("spec").getAsJsonObject("selector").getAsJsonObject("matchLabels").keySet())
                .contains("app.kubernetes.io/name", "app.kubernetes.io/instance");
    }

    private static List<JsonObject> render(String valuesFile) {
        var template = new Helm(CHART).template().withName("alliance").withNamespace("alliance");
        if (!valuesFile.isEmpty()) {
            template = template.withValuesFile(VALUES.resolve(valuesFile));
        }
        return parse(template.call());
    }

    private static JsonObject find(String rendered, String kind) {
        return find(parse(rendered), kind);
    }

    private static JsonObject find(List<JsonObject> manifests, String kind) {
        return manifests.stream().filter(m -> kind.equals(m.get("kind").getAsString())).findFirst().orElseThrow();
    }

    /** Each YAML document as JSON (what the API server receives). */
    @SuppressWarnings("unchecked")
    private static List<JsonObject> parse(String rendered) {
        var manifests = new ArrayList<JsonObject>();
        for (var document : new Yaml().loadAll(rendered)) {
            if (document instanceof Map<?, ?> map && !map.isEmpty()) {
                manifests.add(JsonParser.parseString(new com.google.gson.Gson().toJson(map)).getAsJsonObject());
            }
        }
        return manifests;
    }
}
