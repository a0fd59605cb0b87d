package org.townalliance.console;

import java.util.List;
import java.util.Map;

/**
 * The API refused: its status, problem code (the last part of the problem type), detail and, for invalid
 * fields, which field broke which constraint. Shown to the person in their language, beside the form
 * that caused it where there is one.
 */
final class ApiProblem extends RuntimeException {

    /** One invalid field: {@code code} is the constraint's name (NotBlank, Size, Pattern, ...). */
    record FieldError(String field, String code, String message) {
    }

    private final int status;
    private final String code;
    private final List<FieldError> errors;

    private ApiProblem(int status, String code, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.errors = errors;
    }

    static ApiProblem of(int status, Map<String, Object> problem) {
        var type = String.valueOf(problem.getOrDefault("type", "about:blank"));
        var code = type.substring(type.lastIndexOf(':') + 1);
        var detail = problem.get("detail") != null ? problem.get("detail").toString()
                : problem.get("title") != null ? problem.get("title").toString() : "HTTP " + status;
        var errors = problem.get("errors") instanceof List<?> list ? list.stream()
                .filter(Map.class::isInstance).map(Map.class::cast)
                .map(e -> e.containsKey("row") // an import's cell: row and column instead of a form field
                        ? new FieldError(e.get("row") + " · " + e.get("column"), "import-row", String.valueOf(e.get("message")))
                        : new FieldError(String.valueOf(e.get("field")), String.valueOf(e.get("code")), String.valueOf(e.get("message"))))
                .toList() : List.<FieldError>of();
        return new ApiProblem(status, code, detail, errors);
    }

    /** A refusal made by the console itself before asking the API (e.g. an estate name that matches nothing). */
    static ApiProblem field(int status, String code, String field, String detail) {
        return new ApiProblem(status, code, detail, List.of(new FieldError(field, code, detail)));
    }

    /** Something the person can put right on the form they sent (not: logged out, server trouble). */
    public boolean correctable() {
        return status >= 400 && status < 500 && status != 401;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String detail() {
        return getMessage();
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** The error on this form field, or null. */
    public FieldError on(String field) {
        return errors.stream().filter(e -> e.field().equals(field)).findFirst().orElse(null);
    }
}
