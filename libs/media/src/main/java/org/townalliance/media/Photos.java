package org.townalliance.media;

import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import net.coobird.thumbnailator.Thumbnails;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import java.awt.Color;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * A photo as the platform keeps it: the type found from the bytes (JPEG, PNG, WebP; the name and the declared type are
 * not trusted), decoded at a reduced size when large (a 48-megapixel phone photo never sits in memory whole), turned
 * upright by its EXIF orientation and re-encoded as a JPEG of at most {@value #LONG_SIDE} pixels with no metadata at all
 * (no EXIF, no GPS), plus a thumbnail of at most {@value #THUMBNAIL_SIDE}. Decoding runs on a scheduler of its own with
 * two workers, so uploads cannot take all the memory or every elastic thread at once.
 */
@Service
public class Photos {

    /** The largest upload read at all; larger is refused from its declared length, before a byte is read. */
    public static final long MAX_BYTES = 10L * 1024 * 1024;
    static final int LONG_SIDE = 2048;
    static final int THUMBNAIL_SIDE = 320;
    /** Larger than any phone camera (48 MP is 8000 × 6000): beyond it the header lies or the file is a bomb. */
    static final long MAX_PIXELS = 100_000_000L;

    /** A photo ready to keep: a JPEG without metadata and its thumbnail. */
    public record Prepared(byte[] image, int width, int height, byte[] thumbnail, String sourceType) {
        public static final String CONTENT_TYPE = "image/jpeg";
    }

    private final Scheduler decoding = Schedulers.newBoundedElastic(2, 64, "photo-decoding");

    /** Checks and re-encodes {@code upload}; 415 when it is not a JPEG, PNG or WebP, 400 when it does not decode. */
    public Mono<Prepared> prepare(byte[] upload) {
        var type = typeOf(upload);
        if (type == null) {
            return Mono.error(new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-image-type", "Not a photo",
                    "Only JPEG, PNG and WebP photos are taken; this file is none of them, whatever its name says."));
        }
        return Mono.fromCallable(() -> reencode(upload, type)).subscribeOn(decoding)
                // More than 64 photos already waiting on this replica: say so and when to retry, rather than fail.
                .onErrorMap(java.util.concurrent.RejectedExecutionException.class, busy -> new ProblemException(HttpStatus.SERVICE_UNAVAILABLE,
                        "photos-busy", "Busy with photos", "Many photos are being processed just now; send it again in a few seconds.",
                        java.util.Map.of(), java.util.Map.of("Retry-After", "5")));
    }

    /** The declared length of an upload, refused before reading when too large. */
    public static Mono<Void> checkDeclaredLength(long length) {
        if (length > MAX_BYTES) {
            return Mono.error(tooLarge());
        }
        return Mono.empty();
    }

    /** An upload's body, at most {@link #MAX_BYTES} (a chunked upload without a declared length is cut off there too). */
    public static Mono<byte[]> body(org.reactivestreams.Publisher<org.springframework.core.io.buffer.DataBuffer> body) {
        return org.springframework.core.io.buffer.DataBufferUtils.join(body, (int) MAX_BYTES)
                .onErrorMap(org.springframework.core.io.buffer.DataBufferLimitException.class, e -> tooLarge())
                .map(buffer -> {
                    var bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    org.springframework.core.io.buffer.DataBufferUtils.release(buffer);
                    return bytes;
                })
                .switchIfEmpty(Mono.error(() -> ProblemException.badRequest("photo-required", "The request's body is the photo.")));
    }

    public static ProblemException tooLarge() {
        return new ProblemException(HttpStatus.CONTENT_TOO_LARGE, "photo-too-large", "Photo too large",
                "A photo is at most " + MAX_BYTES / (1024 * 1024) + " MB.");
    }

    static String typeOf(byte[] b) {
        if (b.length > 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
            return "jpeg";
        }
        if (b.length > 8 && Arrays.equals(b, 0, 8, new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, 0, 8)) {
            return "png";
        }
        if (b.length > 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E' && b[10] == 'B'
                && b[11] == 'P') {
            return "webp";
        }
        return null;
    }

    private static Prepared reencode(byte[] upload, String type) throws IOException {
        var readers = ImageIO.getImageReadersByFormatName(type);
        if (!readers.hasNext()) {
            throw new IllegalStateException("no ImageIO reader for " + type);
        }
        ImageReader reader = readers.next();
        BufferedImage decoded;
        try (var in = ImageIO.createImageInputStream(new ByteArrayInputStream(upload))) {
            reader.setInput(in, true, true);
            long width = reader.getWidth(0);
            long height = reader.getHeight(0);
            if (width <= 0 || height <= 0 || width * height > MAX_PIXELS) {
                throw unreadable("The photo's size (" + width + " × " + height + ") is not one a camera takes.");
            }
            var param = reader.getDefaultReadParam();
            // Decode every n-th pixel when the photo is far larger than kept: the same result for a fraction of the memory.
            var step = (int) Math.max(1, Math.max(width, height) / LONG_SIDE);
            param.setSourceSubsampling(step, step, 0, 0);
            decoded = reader.read(0, param);
        } catch (IOException | RuntimeException e) {
            if (e instanceof ProblemException problem) {
                throw problem;
            }
            throw unreadable("The photo could not be read (" + e.getClass().getSimpleName() + "); it may be damaged or cut short.");
        } finally {
            reader.dispose();
        }
        var upright = upright(flatten(decoded), "jpeg".equals(type) ? orientation(upload) : 1);
        var image = jpeg(upright, LONG_SIDE, 0.85);
        var thumbnail = jpeg(upright, THUMBNAIL_SIDE, 0.75);
        var size = scaled(upright, LONG_SIDE);
        return new Prepared(image, size[0], size[1], thumbnail, "image/" + type);
    }

    /** Transparent pixels on white (JPEG keeps no alpha: they would turn black). */
    private static BufferedImage flatten(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB || image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            return image;
        }
        var rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        var graphics = rgb.createGraphics();
        graphics.drawImage(image, 0, 0, Color.WHITE, null);
        graphics.dispose();
        return rgb;
    }

    /** The EXIF orientation of a JPEG (1 when there is none or it cannot be read: the photo is kept as stored). */
    static int orientation(byte[] jpeg) {
        try (var in = ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg))) {
            for (var segment : JPEGSegmentUtil.readSegments(in, JPEG.APP1, "Exif")) {
                var data = segment.data().readAllBytes();
                // "Exif" is followed by two zero bytes; the segment's data starts after the first.
                var offset = data.length > 0 && data[0] == 0 ? 1 : 0;
                try (var tiff = ImageIO.createImageInputStream(new ByteArrayInputStream(data, offset, data.length - offset))) {
                    var entry = new TIFFReader().read(tiff).getEntryById(TIFF.TAG_ORIENTATION);
                    if (entry != null && entry.getValue() instanceof Number value && value.intValue() >= 1 && value.intValue() <= 8) {
                        return value.intValue();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return 1;
        }
        return 1;
    }

    /** The image as the camera was held (EXIF orientations 2 to 8 are mirrorings and quarter turns). */
    static BufferedImage upright(BufferedImage image, int orientation) {
        if (orientation <= 1) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        var t = new AffineTransform();
        switch (orientation) {
            case 2 -> { t.translate(w, 0); t.scale(-1, 1); }
            case 3 -> { t.translate(w, h); t.rotate(Math.PI); }
            case 4 -> { t.translate(0, h); t.scale(1, -1); }
            case 5 -> { t.rotate(-Math.PI / 2); t.scale(-1, 1); }
            case 6 -> { t.translate(h, 0); t.rotate(Math.PI / 2); }
            case 7 -> { t.scale(-1, 1); t.translate(-h, 0); t.translate(0, w); t.rotate(3 * Math.PI / 2); }
            case 8 -> { t.translate(0, w); t.rotate(3 * Math.PI / 2); }
            default -> { return image; }
        }
        var turned = orientation >= 5;
        var target = new BufferedImage(turned ? h : w, turned ? w : h, BufferedImage.TYPE_INT_RGB);
        var graphics = target.createGraphics();
        graphics.drawImage(image, t, null);
        graphics.dispose();
        return target;
    }

    private static int[] scaled(BufferedImage image, int side) {
        var factor = Math.min(1.0, side / (double) Math.max(image.getWidth(), image.getHeight()));
        return new int[]{Math.max(1, (int) Math.round(image.getWidth() * factor)), Math.max(1, (int) Math.round(image.getHeight() * factor))};
    }

    private static byte[] jpeg(BufferedImage image, int side, double quality) {
        var size = scaled(image, side);
        var out = new ByteArrayOutputStream();
        try {
            // Written afresh by ImageIO from pixels only: nothing of the upload's metadata can survive.
            Thumbnails.of(image).forceSize(size[0], size[1]).outputFormat("jpg").outputQuality(quality).toOutputStream(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static ProblemException unreadable(String detail) {
        return ProblemException.badRequest("unreadable-image", detail);
    }
}
