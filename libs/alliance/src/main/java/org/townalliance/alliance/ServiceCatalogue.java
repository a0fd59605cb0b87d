package org.townalliance.alliance;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.townalliance.db.Reactive;
import org.townalliance.db.jooq.town.tables.records.ServiceRecord;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

import static org.townalliance.db.jooq.platform.Tables.ORGANISATION;
import static org.townalliance.db.jooq.town.Tables.SERVICE;

/** The town's catalogue: basic, value-added, public-welfare and community-governance services. */
final class ServiceCatalogue {

    private ServiceCatalogue() {
    }

    enum Kind { BASIC, VALUE_ADDED, PUBLIC_WELFARE, GOVERNANCE }

    /** A service of the catalogue; kind-specific fields are null where they do not apply. */
    record Service(UUID id, Kind kind, String nameZh, String description, UUID providerId, String providerName,
                   UUID estateId, BigDecimal listPrice, BigDecimal discountPrice, String unit, String whereOffered,
                   String schedule, String eligibility, boolean active) {
    }

    /** Checks what each kind needs: who provides it, where, at what price, for whom. */
    static void validate(Service s) {
        switch (s.kind()) {
            case BASIC -> {
                require(s.estateId() != null, "estateId", "a basic service is the contracted service of one estate");
                require(s.providerId() != null, "providerId", "the firm under contract");
            }
            case VALUE_ADDED -> {
                require(s.providerId() != null, "providerId", "who provides it");
                require(s.listPrice() != null && s.discountPrice() != null, "discountPrice", "list price and alliance discount price");
                require(s.unit() != null && !s.unit().isBlank(), "unit", "the unit priced, e.g. 次 or 平方米");
                require(s.discountPrice() == null || s.listPrice() == null || s.discountPrice().compareTo(s.listPrice()) <= 0,
                        "discountPrice", "the alliance price cannot exceed the list price");
            }
            case PUBLIC_WELFARE -> {
                require(s.providerId() != null, "providerId", "who provides it");
                require(s.schedule() != null && !s.schedule().isBlank(), "schedule", "when it is offered");
                require(s.eligibility() != null && !s.eligibility().isBlank(), "eligibility", "who may use it");
            }
            case GOVERNANCE -> {
                // garbage sorting, safety, group-rental remediation, illegal-construction removal: description suffices
            }
        }
    }

    private static void require(boolean ok, String field, String why) {
        if (!ok) {
            // Names the field like a validation problem does, so a form can show the reason beside it.
            throw new ProblemException(org.springframework.http.HttpStatus.BAD_REQUEST, "invalid-service", "Invalid service",
                    "Field '" + field + "': " + why + ".", java.util.Map.of("errors", java.util.List.of(java.util.Map.of("field", field,
                    "code", field.equals("discountPrice") && why.startsWith("the alliance price") ? "DiscountAboveList" : "RequiredForKind",
                    "message", why))));
        }
    }

    static Flux<Service> list(DSLContext town, Kind kind, boolean activeOnly) {
        var condition = DSL.noCondition();
        if (kind != null) {
            condition = condition.and(SERVICE.KIND.eq(kind.name()));
        }
        if (activeOnly) {
            condition = condition.and(SERVICE.ACTIVE.isTrue());
        }
        return Flux.from(town.select(SERVICE.fields()).select(ORGANISATION.NAME_ZH)
                        .from(SERVICE).leftJoin(ORGANISATION).on(ORGANISATION.ID.eq(SERVICE.PROVIDER_ID))
                        .where(condition).orderBy(SERVICE.KIND, SERVICE.NAME_ZH))
                .map(r -> toService(r.into(SERVICE), r.get(ORGANISATION.NAME_ZH)));
    }

    static Mono<Service> save(DSLContext town, UUID id, Service s) {
        validate(s);
        ServiceRecord record = town.newRecord(SERVICE);
        record.setKind(s.kind().name());
        record.setNameZh(s.nameZh());
        record.setDescription(s.description());
        record.setProviderId(s.providerId());
        record.setEstateId(s.estateId());
        record.setListPrice(s.listPrice());
        record.setDiscountPrice(s.discountPrice());
        record.setUnit(s.unit());
        record.setWhereOffered(s.whereOffered());
        record.setSchedule(s.schedule());
        record.setEligibility(s.eligibility());
        record.setActive(s.active());
        if (id == null) {
            return Reactive.one(town.insertInto(SERVICE).set(record).returning()).map(r -> toService(r, null));
        }
        record.setUpdatedAt(OffsetDateTime.now());
        return Reactive.one(town.update(SERVICE).set(record).where(SERVICE.ID.eq(id)).returning())
                .map(r -> toService(r, null))
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("service-not-found", "No such service in this town.")));
    }

    static Service toService(ServiceRecord r, String providerName) {
        return new Service(r.getId(), Kind.valueOf(r.getKind()), r.getNameZh(), r.getDescription(), r.getProviderId(), providerName,
                r.getEstateId(), r.getListPrice(), r.getDiscountPrice(), r.getUnit(), r.getWhereOffered(), r.getSchedule(),
                r.getEligibility(), Boolean.TRUE.equals(r.getActive()));
    }
}
