package org.townalliance.console;

import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** Small helpers for the console's plain HTML forms: trimmed values, and refusals shown back on the form. */
final class ConsoleForms {

    private ConsoleForms() {
    }

    /** The value of a form field, trimmed; null when missing or blank (the API then applies its rule for "not given"). */
    static String value(MultiValueMap<String, String> form, String name) {
        var value = form.getFirst(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** The named fields that were filled in, as a JSON body for the API. */
    static Map<String, Object> fields(MultiValueMap<String, String> form, String... names) {
        var body = new LinkedHashMap<String, Object>();
        for (var name : names) {
            var value = value(form, name);
            if (value != null) {
                body.put(name, value);
            }
        }
        return body;
    }

    /** Numeric fields as numbers for the API's JSON; text that is not a number is left for the API to refuse by field. */
    static Map<String, Object> numbers(Map<String, Object> body, String... names) {
        for (var name : names) {
            if (body.get(name) instanceof String text) {
                try {
                    body.put(name, new java.math.BigDecimal(text));
                } catch (NumberFormatException notANumber) {
                    // kept as text: the API answers with a problem naming the field
                }
            }
        }
        return body;
    }

    /**
     * A refusal the person can put right brings the same page back with the problem beside the fields and
     * what they typed kept; anything else (not logged in, no such town) goes to the refusal page.
     */
    static <T> Function<ApiProblem, Mono<T>> backToForm(Function<ApiProblem, Mono<T>> page) {
        return problem -> problem.correctable() ? page.apply(problem) : Mono.error(problem);
    }
}
