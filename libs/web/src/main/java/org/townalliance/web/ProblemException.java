package org.townalliance.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import java.util.Map;

/**
 * A failure the caller can act on, answered as an RFC 9457 problem detail with a stable type.
 * Modules throw (or signal) it; {@link ProblemWebExceptionHandler} renders it.
 */
public class ProblemException extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final String title;
    private final Map<String, Object> properties;
    private final Map<String, String> headers;

    public ProblemException(HttpStatus status, String code, String title, String detail) {
        this(status, code, title, detail, Map.of());
    }

    public ProblemException(HttpStatus status, String code, String title, String detail, Map<String, Object> properties) {
        this(status, code, title, detail, properties, Map.of());
    }

    /** With response headers, e.g. {@code Retry-After} on a 503. */
    public ProblemException(HttpStatus status, String code, String title, String detail, Map<String, Object> properties,
                            Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.title = title;
        this.properties = Map.copyOf(properties);
        this.headers = Map.copyOf(headers);
    }

    public Map<String, String> headers() {
        return headers;
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public ProblemDetail toProblemDetail() {
        var problem = ProblemDetail.forStatusAndDetail(status, getMessage());
        problem.setType(ProblemTypes.uri(code));
        problem.setTitle(title);
        properties.forEach(problem::setProperty);
        return problem;
    }

    public static ProblemException notFound(String code, String detail) {
        return new ProblemException(HttpStatus.NOT_FOUND, code, "Not found", detail);
    }

    public static ProblemException badRequest(String code, String detail) {
        return new ProblemException(HttpStatus.BAD_REQUEST, code, "Bad request", detail);
    }

    public static ProblemException conflict(String code, String detail) {
        return new ProblemException(HttpStatus.CONFLICT, code, "Conflict", detail);
    }

    public static ProblemException forbidden(String code, String detail) {
        return new ProblemException(HttpStatus.FORBIDDEN, code, "Forbidden", detail);
    }
}
