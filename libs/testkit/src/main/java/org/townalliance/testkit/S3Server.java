package org.townalliance.testkit;

import org.townalliance.devstack.Ports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real S3-compatible server for the tests: S3Proxy (from Maven Central, run as its own process from the local Maven
 * repository like Keycloak) over a directory, with AWS signature v4 and one bucket. What the platform's S3 store is tested
 * against; no cloud is reached.
 */
public final class S3Server {

    public static final String ACCESS_KEY = "alliance-test-access";
    public static final String SECRET_KEY = "alliance-test-secret";
    static final String VERSION = "2.6.0";

    private final int port;
    private final String bucket;
    private final Path directory;

    private S3Server(int port, String bucket, Path directory) {
        this.port = port;
        this.bucket = bucket;
        this.directory = directory;
    }

    public static S3Server start(String bucket) {
        try {
            var directory = Files.createTempDirectory("alliance-s3");
            // The filesystem backend's buckets are directories.
            Files.createDirectories(directory.resolve("data").resolve(bucket));
            var port = Ports.free();
            var properties = directory.resolve("s3proxy.conf");
            Files.writeString(properties, String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + directory.resolve("data")));
            var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            LocalProcess.start("s3proxy", List.of(java, "-Xmx256m", "-jar", jar().toString(), "--properties", properties.toString()),
                    directory, port);
            return new S3Server(port, bucket, directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public String bucket() {
        return bucket;
    }

    /** The files S3Proxy keeps the bucket's objects in (one per object, under their keys). */
    public Path bucketDirectory() {
        return directory.resolve("data").resolve(bucket);
    }

    private static Path jar() {
        var configured = System.getProperty("maven.repo.local");
        var repository = configured != null && !configured.isBlank() ? Path.of(configured) : Path.of(System.getProperty("user.home"), ".m2", "repository");
        var jar = repository.resolve("org/gaul/s3proxy/%s/s3proxy-%s-jar-with-dependencies.jar".formatted(VERSION, VERSION));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("S3Proxy not found at " + jar + "; build with Maven first (the testkit module resolves it)");
        }
        return jar;
    }
}
