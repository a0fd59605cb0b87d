package org.townalliance.hotline;

import org.jooq.DSLContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.townalliance.alliance.AllianceDirectory;
import org.townalliance.db.jooq.town.tables.records.TicketRecord;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.townalliance.db.jooq.town.Tables.TICKET_CATEGORY;

/** GeoReport v2 request documents built from tickets: the standard's fields, public texts only, no personal data. */
final class Open311Documents {

    private Open311Documents() {
    }

    static Mono<ResponseEntity<String>> requests(DSLContext dsl, String format, Flux<TicketRecord> tickets) {
        return tickets.collectList().flatMap(list -> Mono.zip(
                        AllianceDirectory.organisationNames(dsl, list.stream().map(TicketRecord::getAssignedOrganisationId)
                                .filter(java.util.Objects::nonNull).collect(Collectors.toSet())),
                        categories(dsl).collectMap(Category::code, Function.identity()))
                .map(names -> Open311Format.list(HttpStatus.OK, format, "service_requests", "request", list.stream().map(ticket -> {
                    var category = names.getT2().get(ticket.getCategoryCode());
                    return fields("service_request_id", Long.toString(ticket.getNumber()),
                            "status", Open311Format.status(ticket.getStatus()), "status_notes", statusNotes(ticket),
                            "service_name", category == null ? ticket.getCategoryCode() : category.nameZh(),
                            "service_code", ticket.getCategoryCode(), "description", ticket.getDescription(),
                            "agency_responsible", ticket.getAssignedOrganisationId() == null ? null : names.getT1().get(ticket.getAssignedOrganisationId()),
                            "service_notice", null, "requested_datetime", ticket.getCreatedAt().toString(),
                            "updated_datetime", ticket.getUpdatedAt().toString(),
                            "expected_datetime", ticket.getResolveDueAt() == null ? null : ticket.getResolveDueAt().toString(),
                            "address", ticket.getAddress(), "address_id", null, "zipcode", null, "lat", ticket.getLatitude() == null ? null : ticket.getLatitude().toPlainString(),
                            "long", ticket.getLongitude() == null ? null : ticket.getLongitude().toPlainString(), "media_url", ticket.getMediaUrl());
                }).toList())));
    }

    /** Public notes per status only: the timeline's own notes are internal (reasons for rejection and the like). */
    private static String statusNotes(TicketRecord ticket) {
        return switch (ticket.getStatus()) {
            case "RECEIVED" -> "已受理 / received";
            case "DISPATCHED" -> "已派单 / dispatched to the responsible firm";
            case "ACCEPTED", "IN_PROGRESS" -> "处理中 / in progress";
            case "RESOLVED", "CLOSED" -> "已办结 / resolved";
            default -> "已撤销 / cancelled" + ("DUPLICATE".equals(ticket.getCancelReason()) ? "（重复）/ duplicate" : "");
        };
    }

    record Category(String code, String nameZh, String nameEn, String parent) {
    }

    static Flux<Category> categories(DSLContext dsl) {
        return Flux.from(dsl.selectFrom(TICKET_CATEGORY).where(TICKET_CATEGORY.ACTIVE.isTrue()).orderBy(TICKET_CATEGORY.SORT_ORDER))
                .map(c -> new Category(c.getCode(), c.getNameZh(), c.getNameEn(), c.getParentCode()));
    }

    /** Fields in the standard's order, leaving out the null ones. */
    static Map<String, Object> fields(Object... keysAndValues) {
        var fields = new LinkedHashMap<String, Object>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                fields.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return fields;
    }

}
