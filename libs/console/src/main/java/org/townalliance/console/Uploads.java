package org.townalliance.console;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.FilePart;
import reactor.core.publisher.Mono;

import java.util.List;

/** Files chosen in a console form (evidence, supporting documents), read whole and passed on to the API as what they are. */
final class Uploads {

    private static final List<MediaType> DOCUMENTS = List.of(MediaType.APPLICATION_PDF, MediaType.IMAGE_JPEG, MediaType.IMAGE_PNG,
            MediaType.parseMediaType("image/webp"), MediaType.parseMediaType("image/heic"), MediaType.parseMediaType("application/msword"),
            MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.wordprocessingml.document"), Spreadsheets.XLSX);

    private Uploads() {
    }

    /** The file part of a multipart form, if one was chosen. */
    static FilePart chosen(Object part) {
        return part instanceof FilePart file && !file.filename().isBlank() ? file : null;
    }

    /** The file's bytes; larger than {@code maxBytes}: a refusal shown beside the field. */
    static Mono<byte[]> bytes(FilePart file, int maxBytes, String field) {
        return DataBufferUtils.join(file.content(), maxBytes)
                .map(buffer -> {
                    var bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    DataBufferUtils.release(buffer);
                    return bytes;
                })
                .onErrorMap(DataBufferLimitException.class, tooLarge -> ApiProblem.field(413, "upload-too-large", field,
                        "Files up to " + maxBytes / (1024 * 1024) + " MB."));
    }

    /** Photos, PDFs and office documents go as what they are; anything else as plain bytes. */
    static MediaType documentType(FilePart file) {
        var type = file.headers().getContentType();
        return type != null && DOCUMENTS.stream().anyMatch(k -> k.equalsTypeAndSubtype(type)) ? type : MediaType.APPLICATION_OCTET_STREAM;
    }
}
