package org.townalliance.console;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.FormFieldPart;
import org.springframework.http.codec.multipart.Part;
import org.springframework.stereotype.Controller;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The resident's pages, no account, phone first and working without JavaScript: from the estate's QR code
 * ({@code /report/{town}?estate=…}) the phone is verified by an SMS code, then the report is filed with up to six photos,
 * and the resident follows it at {@code /track/{town}/{token}} to the rating. Each step is a plain form; the proof of the
 * phone travels in the form (no session: any replica serves the next step), and it is the only key to filing.
 */
@Controller
class ResidentPages {

    /** The largest report form: six photos of 10 MB and the fields. */
    static final long MAX_FORM_BYTES = 6L * 10 * 1024 * 1024 + 1024 * 1024;
    private static final int MAX_PHOTOS = 6;
    private static final int MAX_PHOTO_BYTES = 10 * 1024 * 1024;

    private final ConsoleApi api;

    ResidentPages(ConsoleApi api) {
        this.api = api;
    }

    @GetMapping("/report/{town}")
    Mono<Rendering> start(@PathVariable String town, @RequestParam(required = false) String estate) {
        return form(town, estate).map(form -> page("phone", town, form).build())
                .onErrorResume(ApiProblem.class, problem -> Mono.just(refused(town, problem)));
    }

    @PostMapping(path = "/report/{town}/code", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<Rendering> code(@PathVariable String town, ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(data -> {
            var estate = data.getFirst("estate");
            var phone = trim(data.getFirst("phone"));
            return form(town, estate).flatMap(form -> api.send(HttpMethod.POST, null, Map.of("phone", phone == null ? "" : phone),
                            "/public/towns/{town}/phone-verifications", town)
                    .map(started -> page("code", town, form).modelAttribute("verificationId", started.get("verificationId"))
                            .modelAttribute("phone", phone).build())
                    .onErrorResume(ApiProblem.class, problem -> Mono.just(page("phone", town, form).modelAttribute("phone", phone)
                            .modelAttribute("problem", problem).status(HttpStatusCode.valueOf(problem.status())).build())));
        }).onErrorResume(ApiProblem.class, problem -> Mono.just(refused(town, problem)));
    }

    @PostMapping(path = "/report/{town}/verify", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<Rendering> verify(@PathVariable String town, ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(data -> {
            var estate = data.getFirst("estate");
            var verification = data.getFirst("verificationId");
            var code = trim(data.getFirst("code"));
            return form(town, estate).flatMap(form -> api.send(HttpMethod.POST, null, Map.of("code", code == null ? "" : code),
                            "/public/towns/{town}/phone-verifications/{id}/check", town, verification == null ? "-" : verification)
                    .flatMap(verified -> report(town, form, (String) verified.get("proof"), Map.of(), null))
                    .onErrorResume(ApiProblem.class, problem -> Mono.just(page(problem.status() == 410 ? "phone" : "code", town, form)
                            .modelAttribute("verificationId", verification).modelAttribute("phone", data.getFirst("phone"))
                            .modelAttribute("problem", problem).status(HttpStatusCode.valueOf(problem.status())).build())));
        }).onErrorResume(ApiProblem.class, problem -> Mono.just(refused(town, problem)));
    }

    @PostMapping(path = "/report/{town}", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Mono<Rendering> file(@PathVariable String town, ServerWebExchange exchange) {
        if (exchange.getRequest().getHeaders().getContentLength() > MAX_FORM_BYTES) {
            return Mono.just(refused(town, ApiProblem.field(413, "photo-too-large", "photos", "At most six photos of 10 MB.")));
        }
        var wechat = String.valueOf(exchange.getRequest().getHeaders().getFirst(HttpHeaders.USER_AGENT)).contains("MicroMessenger");
        return exchange.getMultipartData().flatMap(parts -> {
            var fields = fields(parts);
            var proof = fields.get("proof");
            var key = fields.get("key");
            return form(town, fields.get("estate")).flatMap(form -> photos(parts, proof, town)
                    .flatMap(photoIds -> estateOf(town, form, fields.get("estateQuery"))
                            .flatMap(estate -> api.<Map<String, Object>>forResident(HttpMethod.POST, proof, key, null,
                                    body(fields, estate, photoIds, wechat), false, "/public/towns/{town}/reports", town)))
                    .map(filed -> Rendering.redirectTo("/track/" + town + "/" + filed.get("trackingToken")).build())
                    .onErrorResume(ApiProblem.class, problem -> problem.status() == 401
                            ? Mono.just(page("phone", town, form).modelAttribute("problem", problem).status(HttpStatusCode.valueOf(401)).build())
                            : report(town, form, proof, fields, problem)));
        }).onErrorResume(ApiProblem.class, problem -> Mono.just(refused(town, problem)));
    }

    @GetMapping("/track/{town}/{token}")
    Mono<Rendering> track(@PathVariable String town, @PathVariable String token) {
        return tracked(town, token, null);
    }

    /** The tracking page; {@code rating} the rating's refusal to show beside the form, if it was refused. */
    private Mono<Rendering> tracked(String town, String token, ApiProblem rating) {
        return api.get(null, "/public/towns/{town}/reports/{token}", town, token)
                .map(ticket -> Rendering.view("public/track").modelAttribute("town", town).modelAttribute("token", token)
                        .modelAttribute("ticket", ticket).modelAttribute("ratingProblem", rating)
                        .modelAttribute("fmt", new Formats(java.time.ZoneId.of((String) ticket.getOrDefault("timezone", "Asia/Shanghai"))))
                        .status(HttpStatusCode.valueOf(rating == null ? 200 : rating.status())).build())
                .onErrorResume(ApiProblem.class, problem -> Mono.just(Rendering.view("public/track").modelAttribute("town", town)
                        .modelAttribute("problem", problem).status(HttpStatusCode.valueOf(problem.status())).build()));
    }

    @PostMapping(path = "/track/{town}/{token}/rating", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<Rendering> rate(@PathVariable String town, @PathVariable String token, ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(data -> {
                    var body = new LinkedHashMap<String, Object>();
                    body.put("satisfied", "true".equals(data.getFirst("satisfied")));
                    body.put("score", number(data.getFirst("score")));
                    var comment = trim(data.getFirst("comment"));
                    if (comment != null) {
                        body.put("comment", comment);
                    }
                    return api.send(HttpMethod.POST, null, body, "/public/towns/{town}/reports/{token}/rating", town, token);
                })
                .map(ticket -> Rendering.view("public/track").modelAttribute("town", town).modelAttribute("token", token)
                        .modelAttribute("ticket", ticket).modelAttribute("thanks", true)
                        .modelAttribute("fmt", new Formats(java.time.ZoneId.of((String) ticket.getOrDefault("timezone", "Asia/Shanghai")))).build())
                .onErrorResume(ApiProblem.class, problem -> tracked(town, token, problem));
    }

    /** What the form offers (the town's name, categories, the estate from the QR code). */
    private Mono<Map<String, Object>> form(String town, String estate) {
        var valid = estate != null && estate.matches("^[0-9a-fA-F-]{36}$");
        return valid ? api.get(null, "/public/towns/{town}/report-form?estate={estate}", town, estate)
                : api.get(null, "/public/towns/{town}/report-form", town);
    }

    private Mono<Rendering> report(String town, Map<String, Object> form, String proof, Map<String, String> entered, ApiProblem problem) {
        return api.<List<Map<String, Object>>>forResident(HttpMethod.GET, proof, null, null, null, true, "/public/towns/{town}/reports", town)
                .onErrorResume(ApiProblem.class, e -> Mono.just(List.of()))
                .map(mine -> {
                    var page = page("report", town, form).modelAttribute("proof", proof).modelAttribute("mine", mine)
                            .modelAttribute("entered", entered)
                            .modelAttribute("key", entered.getOrDefault("key", UUID.randomUUID().toString()));
                    if (problem != null) {
                        page.modelAttribute("problem", problem).status(HttpStatusCode.valueOf(problem.status()));
                    }
                    return page.build();
                });
    }

    /** Each chosen photo to the API, in order; the ids the report cites. Empty file fields (nothing chosen) are skipped. */
    private Mono<List<String>> photos(MultiValueMap<String, Part> parts, String proof, String town) {
        var chosen = parts.getOrDefault("photos", List.of()).stream().map(Uploads::chosen).filter(java.util.Objects::nonNull).toList();
        if (chosen.size() > MAX_PHOTOS) {
            return Mono.error(ApiProblem.field(400, "too-many-photos", "photos", "At most six photos."));
        }
        return Flux.fromIterable(chosen)
                .concatMap(file -> Uploads.bytes(file, MAX_PHOTO_BYTES, "photos")
                        .flatMap(bytes -> api.<Map<String, Object>>forResident(HttpMethod.POST, proof, null, MediaType.APPLICATION_OCTET_STREAM,
                                bytes, false, "/public/towns/{town}/report-photos", town)))
                .map(photo -> (String) photo.get("id"))
                .collectList();
    }

    /** The estate from the QR code, else the one the resident's words name if exactly one does. */
    private Mono<String> estateOf(String town, Map<String, Object> form, String query) {
        if (form.get("estate") instanceof Map<?, ?> estate) {
            return Mono.just((String) estate.get("id"));
        }
        if (query == null) {
            return Mono.just("");
        }
        return api.list(null, "/public/towns/{town}/estates?q={q}", town, query)
                .map(found -> found.size() == 1 ? (String) found.getFirst().get("id") : "");
    }

    private static Map<String, Object> body(Map<String, String> fields, String estate, List<String> photoIds, boolean wechat) {
        var body = new LinkedHashMap<String, Object>();
        body.put("kind", fields.getOrDefault("kind", "SERVICE_REQUEST"));
        body.put("categoryCode", fields.getOrDefault("categoryCode", ""));
        body.put("description", fields.getOrDefault("description", ""));
        if (!estate.isEmpty()) {
            body.put("estateId", estate);
        }
        var place = fields.get("place");
        var query = fields.get("estateQuery");
        if (estate.isEmpty() && query != null) {
            place = query + (place == null ? "" : " " + place);
        }
        if (place != null) {
            body.put("place", place);
        }
        var latitude = fields.get("latitude");
        var longitude = fields.get("longitude");
        if (latitude != null && longitude != null) {
            body.put("latitude", latitude);
            body.put("longitude", longitude);
        }
        body.put("photoIds", photoIds);
        body.put("channel", wechat ? "WECHAT" : "WEB");
        return body;
    }

    private static Map<String, String> fields(MultiValueMap<String, Part> parts) {
        var fields = new LinkedHashMap<String, String>();
        parts.forEach((name, values) -> values.stream().filter(FormFieldPart.class::isInstance).findFirst()
                .map(part -> trim(((FormFieldPart) part).value())).ifPresent(value -> fields.put(name, value)));
        return fields;
    }

    private static Rendering.Builder<?> page(String step, String town, Map<String, Object> form) {
        return Rendering.view("public/report").modelAttribute("step", step).modelAttribute("town", town).modelAttribute("form", form);
    }

    private static Rendering refused(String town, ApiProblem problem) {
        return Rendering.view("public/report").modelAttribute("step", "refused").modelAttribute("town", town)
                .modelAttribute("problem", problem).status(HttpStatusCode.valueOf(problem.status())).build();
    }

    private static String trim(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static Integer number(String value) {
        try {
            return value == null ? null : Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
