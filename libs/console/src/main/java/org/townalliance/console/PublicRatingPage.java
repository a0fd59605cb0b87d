package org.townalliance.console;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;

/**
 * The page behind the resident's rating link (sent by SMS or WeChat): no account, works without
 * JavaScript, one rating. The link's token is the authority; the page calls the public rating API.
 */
@Controller
class PublicRatingPage {

    private final ConsoleApi api;

    PublicRatingPage(ConsoleApi api) {
        this.api = api;
    }

    @GetMapping("/rate/{town}/{token}")
    Mono<Rendering> page(@PathVariable String town, @PathVariable String token) {
        return api.get(null, "/public/towns/{town}/ratings/{token}", town, token)
                .map(rating -> Rendering.view("public/rating").modelAttribute("rating", rating).modelAttribute("town", town)
                        .modelAttribute("token", token).build())
                .onErrorResume(ApiProblem.class, problem -> Mono.just(refused(problem)));
    }

    @PostMapping(path = "/rate/{town}/{token}", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<Rendering> rate(@PathVariable String town, @PathVariable String token, ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> {
                    var body = new LinkedHashMap<String, Object>();
                    body.put("satisfied", "true".equals(form.getFirst("satisfied")));
                    body.put("score", score(form.getFirst("score")));
                    var comment = form.getFirst("comment");
                    if (comment != null && !comment.isBlank()) {
                        body.put("comment", comment.trim());
                    }
                    return api.send(HttpMethod.POST, null, body, "/public/towns/{town}/ratings/{token}", town, token);
                })
                .map(rating -> Rendering.view("public/rating").modelAttribute("rating", rating).modelAttribute("thanks", true).build())
                .onErrorResume(ApiProblem.class, problem -> Mono.just(refused(problem)));
    }

    /** Not a number: sent as none, and the API answers with its own problem. */
    private static Integer score(String value) {
        try {
            return value == null ? null : Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Rendering refused(ApiProblem problem) {
        return Rendering.view("public/rating").modelAttribute("code", problem.code()).modelAttribute("detail", problem.detail())
                .status(org.springframework.http.HttpStatusCode.valueOf(problem.status())).build();
    }
}
