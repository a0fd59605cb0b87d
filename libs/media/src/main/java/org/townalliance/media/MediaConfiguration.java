package org.townalliance.media;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.time.Duration;

/**
 * Chooses the media store by {@code alliance.media.store} ({@code database} by default, or {@code s3}); an unknown value
 * or an S3 store without a bucket stops the start-up rather than losing photos.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MediaConfiguration.MediaProperties.class)
class MediaConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MediaConfiguration.class);

    /**
     * {@code endpoint} empty means AWS itself; MinIO and most others need {@code path-style}. Without an access key the
     * SDK's default chain is used (environment, the pod's web identity, instance profile).
     */
    @ConfigurationProperties("alliance.media")
    record MediaProperties(String store, S3 s3) {
        record S3(String endpoint, String region, String bucket, String accessKey, String secretKey, Boolean pathStyle) {
        }
    }

    @Bean
    MediaStore mediaStore(MediaProperties properties, java.time.Clock clock) {
        var store = properties.store() == null ? "database" : properties.store();
        MediaStore chosen = switch (store) {
            case "database" -> new DatabaseMediaStore(clock);
            case "s3" -> s3(properties.s3());
            default -> throw new IllegalStateException("alliance.media.store '" + store + "' is not one of database, s3 (docs/operations.md)");
        };
        log.info("Media store: {}", chosen.describe());
        return chosen;
    }

    private static MediaStore s3(MediaProperties.S3 s3) {
        if (s3 == null || s3.bucket() == null || s3.bucket().isBlank()) {
            throw new IllegalStateException("alliance.media.store=s3 needs alliance.media.s3.bucket (ALLIANCE_MEDIA_S3_BUCKET)");
        }
        var builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(3)).socketTimeout(Duration.ofSeconds(30)))
                .region(Region.of(s3.region() == null || s3.region().isBlank() ? "us-east-1" : s3.region()))
                .forcePathStyle(Boolean.TRUE.equals(s3.pathStyle()))
                // Since 2.30 the SDK adds trailing checksums to every upload by default, which S3-compatible stores other
                // than AWS (S3Proxy, older MinIO, OSS, COS) refuse ("x-amz-content-sha256 does not match"): only when required.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(s3.accessKey() == null || s3.accessKey().isBlank() ? DefaultCredentialsProvider.builder().build()
                        : StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), s3.secretKey())));
        if (s3.endpoint() != null && !s3.endpoint().isBlank()) {
            builder.endpointOverride(URI.create(s3.endpoint()));
        }
        return new S3MediaStore(builder.build(), s3.bucket());
    }
}
