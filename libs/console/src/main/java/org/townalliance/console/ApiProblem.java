package org.townalliance.console;

import java.util.Map;

/** The API refused: its status, problem code (the last part of the problem type) and detail, shown to the person. */
final class ApiProblem extends RuntimeException {

    private final int status;
    private final String code;

    private ApiProblem(int status, String code, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
    }

    static ApiProblem of(int status, Map<String, Object> problem) {
        var type = String.valueOf(problem.getOrDefault("type", "about:blank"));
        var code = type.substring(type.lastIndexOf(':') + 1);
        var detail = problem.get("detail") != null ? problem.get("detail").toString()
                : problem.get("title") != null ? problem.get("title").toString() : "HTTP " + status;
        return new ApiProblem(status, code, detail);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    String detail() {
        return getMessage();
    }
}
