package org.townalliance.hotline;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.townalliance.alliance.AllianceDirectory;
import org.townalliance.db.jooq.town.tables.records.DispatchRuleRecord;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.Objects;
import java.util.UUID;

import static org.townalliance.db.jooq.town.Tables.DISPATCH_RULE;

/**
 * The town's automatic dispatch at intake: the most specific rule for the ticket's estate and category
 * (estate and category, then estate, then category, then its parent category) names the organisation,
 * or, naming none, sends the ticket to the estate's managing firm of the day. A rule whose organisation
 * is no longer a member dispatches nothing: the operator decides.
 */
final class DispatchRules {

    private DispatchRules() {
    }

    static Mono<UUID> organisationFor(DSLContext town, UUID estateId, String category, String parentCategory, LocalDate today) {
        var categories = DSL.noCondition().and(DISPATCH_RULE.CATEGORY_CODE.isNull()
                .or(DISPATCH_RULE.CATEGORY_CODE.in(category, Objects.requireNonNullElse(parentCategory, category))));
        var estates = estateId == null ? DISPATCH_RULE.ESTATE_ID.isNull() : DISPATCH_RULE.ESTATE_ID.isNull().or(DISPATCH_RULE.ESTATE_ID.eq(estateId));
        return Flux.from(town.selectFrom(DISPATCH_RULE).where(categories).and(estates))
                .sort(Comparator.comparingInt((DispatchRuleRecord rule) -> specificity(rule, category)).reversed())
                .next()
                .flatMap(rule -> rule.getOrganisationId() != null ? Mono.just(rule.getOrganisationId())
                        : estateId == null ? Mono.empty() : AllianceDirectory.managingOrganisationOn(town, estateId, today))
                .filterWhen(organisation -> AllianceDirectory.isCurrentMember(town, organisation));
    }

    private static int specificity(DispatchRuleRecord rule, String category) {
        var estate = rule.getEstateId() != null ? 4 : 0;
        var cat = rule.getCategoryCode() == null ? 0 : rule.getCategoryCode().equals(category) ? 2 : 1;
        return estate + cat;
    }
}
