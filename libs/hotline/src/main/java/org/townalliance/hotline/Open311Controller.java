package org.townalliance.hotline;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.townalliance.alliance.AllianceDirectory;
import org.townalliance.db.jooq.town.tables.records.TicketRecord;
import org.townalliance.tenancy.PublicTowns;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.townalliance.db.jooq.town.Tables.TICKET;
import static org.townalliance.db.jooq.town.Tables.TICKET_CATEGORY;

/**
 * Open311 GeoReport v2 for one town ({@code jurisdiction_id} = the town's slug): discovery, services
 * (the town's categories), service definitions, requests (POST with a client's API key; GET public),
 * tokens, in JSON and XML, with the standard's error format. Only requests filed through Open311 are
 * listed publicly: tickets taken by phone may hold residents' details in their descriptions.
 */
@RestController
@Tag(name = "Open311 GeoReport v2", description = "Standard API for service requests; jurisdiction_id = town slug")
class Open311Controller {

    private static final String BASE = "/open311/v2/{town}";
    private static final int MAX_REQUESTS = 1000;

    private final PublicTowns towns;
    private final TicketIntake intake;

    Open311Controller(PublicTowns towns, TicketIntake intake) {
        this.towns = towns;
        this.intake = intake;
    }

    @GetMapping(BASE + "/discovery.{format}")
    @Operation(summary = "Service discovery")
    Mono<ResponseEntity<String>> discovery(@PathVariable String town, @PathVariable String format, ServerWebExchange exchange) {
        return open(town, format, null).map(t -> {
            var url = exchange.getRequest().getURI().resolve("/open311/v2/" + t.town().slug() + "/").toString();
            var endpoint = Open311Documents.fields("specification", "http://wiki.open311.org/GeoReport_v2", "url", url,
                    "changeset", "2026-11-28T00:00:00Z", "type", "production", "formats", List.of("text/xml", "application/json"));
            return Open311Format.object(format, "discovery", Open311Documents.fields("changeset", "2026-11-28T00:00:00Z",
                    "contact", t.town().nameZh() + " 物业服务联盟 24小时热线", "key_service", "API keys are issued by the town's alliance secretariat",
                    "endpoints", List.of(endpoint)));
        }).onErrorResume(ProblemException.class, e -> Mono.just(error(e, format)));
    }

    @GetMapping(BASE + "/services.{format}")
    @Operation(summary = "The town's service types (its hotline categories)")
    Mono<ResponseEntity<String>> services(@PathVariable String town, @PathVariable String format,
                                          @RequestParam(name = "jurisdiction_id", required = false) String jurisdiction) {
        return open(town, format, jurisdiction).flatMap(t -> Open311Documents.categories(t.dsl()).collectList())
                .map(all -> {
                    var names = all.stream().collect(Collectors.toMap(c -> c.code(), c -> c.nameZh()));
                    return Open311Format.list(HttpStatus.OK, format, "services", "service", all.stream().map(c -> Open311Documents.fields(
                            "service_code", c.code(), "service_name", c.nameZh(), "description", c.nameEn(), "metadata", false,
                            "type", "realtime", "keywords", c.code().replace('-', ','), "group", names.getOrDefault(c.parent(), c.nameZh()))).toList());
                })
                .onErrorResume(ProblemException.class, e -> Mono.just(error(e, format)));
    }

    @GetMapping(BASE + "/services/{serviceCode}.{format}")
    @Operation(summary = "A service definition (no extra attributes: metadata is false for every service)")
    Mono<ResponseEntity<String>> service(@PathVariable String town, @PathVariable String serviceCode, @PathVariable String format,
                                         @RequestParam(name = "jurisdiction_id", required = false) String jurisdiction) {
        return open(town, format, jurisdiction)
                .flatMap(t -> Tickets.activeCategory(t.dsl(), serviceCode))
                .map(c -> Open311Format.object(format, "service_definition", Open311Documents.fields("service_code", c.getCode(), "attributes", List.of())))
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("unknown-service", "service_code " + serviceCode + " not found")))
                .onErrorResume(ProblemException.class, e -> Mono.just(error(e, format)));
    }

    @PostMapping(path = BASE + "/requests.{format}", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    @Operation(summary = "File a service request (form-encoded, api_key required)")
    Mono<ResponseEntity<String>> create(@PathVariable String town, @PathVariable String format, ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> open(town, format, form.getFirst("jurisdiction_id"))
                        .flatMap(t -> Open311Clients.verify(t.dsl(), form.getFirst("api_key"))
                                .switchIfEmpty(Mono.error(() -> ProblemException.forbidden("invalid-api-key", "api_key was not provided or is not valid")))
                                .flatMap(client -> file(t, client, form))))
                .map(ticket -> Open311Format.list(HttpStatus.CREATED, format, "service_requests", "request", List.of(Open311Documents.fields(
                        "service_request_id", Long.toString(ticket.getNumber()), "token", ticket.getOpen311Token().toString(),
                        "service_notice", "已受理，热线将派单给责任单位 / received, the hotline dispatches it to the responsible firm",
                        "account_id", null))))
                .onErrorResume(ProblemException.class, e -> Mono.just(error(e, format)));
    }

    private Mono<TicketRecord> file(PublicTowns.PublicTown t, String client, MultiValueMap<String, String> form) {
        var code = form.getFirst("service_code");
        if (code == null || code.isBlank()) {
            return Mono.error(ProblemException.badRequest("service-code-required", "service_code is required"));
        }
        var address = form.getFirst("address_string");
        var lat = form.getFirst("lat");
        var lon = form.getFirst("long");
        if ((address == null || address.isBlank()) && (lat == null || lon == null) && form.getFirst("address_id") == null) {
            return Mono.error(ProblemException.badRequest("location-required", "a location is required: lat and long, address_string or address_id"));
        }
        if (lat != null && lon != null && !(coordinate(lat, 90) && coordinate(lon, 180))) {
            return Mono.error(ProblemException.badRequest("invalid-location", "lat and long are decimal degrees"));
        }
        var where = address != null && !address.isBlank() ? address
                : lat != null ? "GPS " + lat + "," + lon : "address_id " + form.getFirst("address_id");
        var description = form.getFirst("description");
        var mediaUrl = form.getFirst("media_url");
        if (mediaUrl != null && (mediaUrl.length() > 500 || !mediaUrl.matches("^https?://[^\\s]+$"))) {
            return Mono.error(ProblemException.badRequest("invalid-media-url", "media_url is an http(s) address of at most 500 characters"));
        }
        var name = String.join(" ", java.util.Objects.requireNonNullElse(form.getFirst("last_name"), ""),
                java.util.Objects.requireNonNullElse(form.getFirst("first_name"), "")).trim();
        var phone = form.getFirst("phone");
        if (where.length() > 200 || name.length() > 50 || (description != null && description.length() > 4000)
                || (phone != null && !phone.matches("^\\+?[0-9-]{5,20}$"))) {
            return Mono.error(ProblemException.badRequest("invalid-request", "a field is too long or the phone is not a phone number"));
        }
        return Tickets.activeCategory(t.dsl(), code)
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("unknown-service", "service_code " + code + " not found")))
                .flatMap(category -> intake.take(t.dsl(), t.town(), "open311:" + client, null, new TicketIntake.Request("SERVICE_REQUEST",
                        "OPEN311", code, null, where, name.isEmpty() ? null : name, phone,
                        description == null || description.isBlank() ? category.getNameZh() : description, null, false, null, null,
                        UUID.randomUUID(), lat == null || lon == null ? null : degrees(lat), lat == null || lon == null ? null : degrees(lon),
                        mediaUrl)))
                .map(TicketWrites.Intake::ticket);
    }

    @GetMapping(BASE + "/requests.{format}")
    @Operation(summary = "Requests filed through Open311, newest first (default: the last 90 days, at most 1,000)")
    Mono<ResponseEntity<String>> requests(@PathVariable String town, @PathVariable String format,
                                          @RequestParam(name = "jurisdiction_id", required = false) String jurisdiction,
                                          @RequestParam(name = "service_request_id", required = false) String ids,
                                          @RequestParam(name = "service_code", required = false) String serviceCode,
                                          @RequestParam(name = "start_date", required = false) String startDate,
                                          @RequestParam(name = "end_date", required = false) String endDate,
                                          @RequestParam(name = "status", required = false) String status) {
        return open(town, format, jurisdiction).flatMap(t -> {
            var condition = TICKET.CHANNEL.eq("OPEN311");
            if (ids != null) {
                var numbers = Arrays.stream(ids.split(",")).map(String::trim).map(Open311Controller::number).toList();
                condition = condition.and(TICKET.NUMBER.in(numbers));
            } else {
                var end = date(endDate, OffsetDateTime.now());
                var start = date(startDate, end.minusDays(90));
                condition = condition.and(TICKET.CREATED_AT.between(start, end));
                if (serviceCode != null) {
                    condition = condition.and(TICKET.CATEGORY_CODE.in(Arrays.asList(serviceCode.split(","))));
                }
                if (status != null) {
                    var statuses = Set.of(status.split(","));
                    if (!Set.of("open", "closed").containsAll(statuses)) {
                        throw ProblemException.badRequest("invalid-status", "status is open, closed or both");
                    }
                    if (statuses.size() == 1) {
                        var closed = TICKET.STATUS.in("RESOLVED", "CLOSED", "CANCELLED");
                        condition = condition.and(statuses.contains("closed") ? closed : DSL.not(closed));
                    }
                }
            }
            return Open311Documents.requests(t.dsl(), format, Flux.from(t.dsl().selectFrom(TICKET).where(condition).orderBy(TICKET.NUMBER.desc()).limit(MAX_REQUESTS)));
        }).onErrorResume(ProblemException.class, e -> Mono.just(error(e, format)));
    }

    @GetMapping(BASE + "/requests/{id}.{format}")
    @Operation(summary = "One request")
    Mono<ResponseEntity<String>> request(@PathVariable String town, @PathVariable String id, @PathVariable String format,
                                         @RequestParam(name = "jurisdiction_id", required = false) String jurisdiction) {
        return open(town, format, jurisdiction)
                .flatMap(t -> Flux.from(t.dsl().selectFrom(TICKET).where(TICKET.NUMBER.eq(number(id))).and(TICKET.CHANNEL.eq("OPEN311")))
                        .switchIfEmpty(Mono.error(() -> ProblemException.notFound("unknown-request", "service_request_id " + id + " not found")))
                        .as(tickets -> Open311Documents.requests(t.dsl(), format, tickets)))
                .onErrorResume(ProblemException.class, e -> Mono.just(error(e, format)));
    }

    @GetMapping(BASE + "/tokens/{token}.{format}")
    @Operation(summary = "The request id of a token")
    Mono<ResponseEntity<String>> token(@PathVariable String town, @PathVariable String token, @PathVariable String format,
                                       @RequestParam(name = "jurisdiction_id", required = false) String jurisdiction) {
        return open(town, format, jurisdiction)
                .flatMap(t -> org.townalliance.db.Reactive.one(t.dsl().select(TICKET.NUMBER).from(TICKET).where(TICKET.OPEN311_TOKEN.eq(uuid(token)))))
                .map(r -> Open311Format.list(HttpStatus.OK, format, "service_requests", "request",
                        List.of(Open311Documents.fields("service_request_id", Long.toString(r.value1()), "token", token))))
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("unknown-token", "token " + token + " not found")))
                .onErrorResume(ProblemException.class, e -> Mono.just(error(e, format)));
    }

    private Mono<PublicTowns.PublicTown> open(String town, String format, String jurisdiction) {
        if (!Open311Format.known(format)) {
            return Mono.error(ProblemException.notFound("unknown-format", "format must be xml or json"));
        }
        if (jurisdiction != null && !jurisdiction.equals(town)) {
            return Mono.error(ProblemException.notFound("unknown-jurisdiction", "jurisdiction_id " + jurisdiction + " is not served here"));
        }
        return towns.open(town);
    }

    private static ResponseEntity<String> error(ProblemException e, String format) {
        return Open311Format.error(e.status(), format, e.toProblemDetail().getDetail());
    }

    private static long number(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("invalid-request-id", "service_request_id is a number");
        }
    }

    private static UUID uuid(String token) {
        try {
            return UUID.fromString(token);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("unknown-token", "token " + token + " not found");
        }
    }

    /** Parsed as {@link #coordinate} checked it (which admits forms such as 1e1 that BigDecimal's parser does not). */
    private static java.math.BigDecimal degrees(String value) {
        return java.math.BigDecimal.valueOf(Double.parseDouble(value)).setScale(6, java.math.RoundingMode.HALF_UP);
    }

    private static boolean coordinate(String value, double bound) {
        try {
            var degrees = Double.parseDouble(value);
            return Math.abs(degrees) <= bound;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static OffsetDateTime date(String value, OffsetDateTime otherwise) {
        if (value == null) {
            return otherwise;
        }
        try {
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("invalid-date", "dates are W3C date-times, e.g. 2026-11-28T08:00:00+08:00");
        }
    }
}
