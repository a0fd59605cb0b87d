package org.townalliance.media;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

import java.util.Collection;

/**
 * Objects in an S3-compatible bucket under {@code towns/{town}/}: a town's objects are found, exported and deleted by
 * that prefix. The SDK's client blocks, so every call runs on {@code boundedElastic}.
 */
final class S3MediaStore implements MediaStore {

    private final S3Client s3;
    private final String bucket;

    S3MediaStore(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    static String objectKey(Place place, String key) {
        return "towns/" + place.town() + "/" + key;
    }

    @Override
    public Mono<Void> put(Place place, String key, byte[] content, String contentType) {
        return Mono.fromRunnable(() -> s3.putObject(b -> b.bucket(bucket).key(objectKey(place, key)).contentType(contentType)
                        .contentLength((long) content.length), RequestBody.fromBytes(content)))
                .subscribeOn(Schedulers.boundedElastic()).then();
    }

    @Override
    public Mono<byte[]> get(Place place, String key) {
        return Mono.fromCallable(() -> {
                    try {
                        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(objectKey(place, key))).asByteArray();
                    } catch (NoSuchKeyException e) {
                        return null;
                    }
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public Mono<Void> delete(Place place, Collection<String> keys) {
        if (keys.isEmpty()) {
            return Mono.empty();
        }
        var objects = keys.stream().map(key -> ObjectIdentifier.builder().key(objectKey(place, key)).build()).toList();
        return Mono.fromRunnable(() -> s3.deleteObjects(b -> b.bucket(bucket).delete(Delete.builder().objects(objects).quiet(true).build())))
                .subscribeOn(Schedulers.boundedElastic()).then();
    }

    @Override
    public String describe() {
        return "s3 (bucket " + bucket + ")";
    }
}
