package org.townalliance.media;

import org.jooq.DSLContext;
import reactor.core.publisher.Mono;

import java.util.Collection;

/**
 * Where the bytes of photos and attachments are kept, chosen by {@code alliance.media.store}: {@code database} (the
 * town's own schema; the embedded default and small deployments) or {@code s3} (any S3-compatible object storage:
 * AWS S3, MinIO, Aliyun OSS, Tencent COS). Keys are made by the caller and unique; objects are never overwritten.
 */
public interface MediaStore {

    /** A town's place in the store: its slug (the prefix of its objects) and its schema (the database store's table). */
    record Place(String town, DSLContext schema) {
    }

    Mono<Void> put(Place place, String key, byte[] content, String contentType);

    /** The object's bytes; empty when there is none. */
    Mono<byte[]> get(Place place, String key);

    Mono<Void> delete(Place place, Collection<String> keys);

    /** What the operator sees in the log and the health page. */
    String describe();
}
