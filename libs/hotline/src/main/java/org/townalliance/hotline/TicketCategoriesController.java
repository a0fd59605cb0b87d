package org.townalliance.hotline;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.townalliance.db.Reactive;
import org.townalliance.db.jooq.town.tables.records.TicketCategoryRecord;
import org.townalliance.identity.TownRole;
import org.townalliance.tenancy.TownAccess;
import org.townalliance.tenancy.TownContext;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.List;

import static org.townalliance.db.jooq.town.Tables.TICKET_CATEGORY;

/**
 * The town's category tree (two levels: a category and its sub-categories). Categories are never
 * deleted, since tickets keep theirs: a category that is no longer used is deactivated.
 */
@RestController
@RequestMapping(path = "/api/towns/{town}/hotline/categories", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Town: hotline settings")
class TicketCategoriesController {

    private final PolicyCache policies;

    TicketCategoriesController(PolicyCache policies) {
        this.policies = policies;
    }

    /** {@code afterPhotoRequired}: tickets of this category are resolved only with an "after" photo (the town's policy). */
    record Category(String code, String nameZh, String nameEn, String parentCode, int sortOrder, boolean active, boolean afterPhotoRequired,
                    List<Category> children) {
    }

    record NewCategory(@NotBlank @Pattern(regexp = "^[a-z][a-z0-9-]{1,39}$", message = "is lower-case letters, digits and dashes") String code,
                       @NotBlank @Size(max = 50) String nameZh, @Size(max = 50) String nameEn, @Size(max = 40) String parentCode,
                       Integer sortOrder) {
    }

    record CategoryChange(@Size(min = 1, max = 50) String nameZh, @Size(max = 50) String nameEn, Integer sortOrder, Boolean active,
                          Boolean afterPhotoRequired) {
    }

    @GetMapping
    @TownAccess(anyRole = true)
    @Operation(summary = "The category tree, inactive ones included (marked)")
    Mono<List<Category>> tree(TownContext town) {
        return Flux.from(town.dsl().selectFrom(TICKET_CATEGORY).orderBy(TICKET_CATEGORY.SORT_ORDER, TICKET_CATEGORY.CODE)).collectList()
                .map(all -> all.stream().filter(c -> c.getParentCode() == null)
                        .map(root -> view(root, all.stream().filter(c -> root.getCode().equals(c.getParentCode())).map(c -> view(c, List.of())).toList()))
                        .toList());
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @TownAccess(TownRole.SECRETARIAT)
    Mono<Category> create(TownContext town, @Valid @RequestBody NewCategory category) {
        var parent = category.parentCode() == null ? Mono.just(true)
                : Reactive.one(town.dsl().selectFrom(TICKET_CATEGORY).where(TICKET_CATEGORY.CODE.eq(category.parentCode())))
                        .switchIfEmpty(Mono.error(() -> ProblemException.badRequest("unknown-category", "No parent category " + category.parentCode() + ".")))
                        .flatMap(p -> p.getParentCode() == null ? Mono.just(true)
                                : Mono.error(ProblemException.badRequest("category-too-deep", "Sub-categories have no sub-categories of their own.")));
        return parent.then(Reactive.one(town.dsl().insertInto(TICKET_CATEGORY)
                        .set(TICKET_CATEGORY.CODE, category.code())
                        .set(TICKET_CATEGORY.NAME_ZH, category.nameZh())
                        .set(TICKET_CATEGORY.NAME_EN, category.nameEn())
                        .set(TICKET_CATEGORY.PARENT_CODE, category.parentCode())
                        .set(TICKET_CATEGORY.SORT_ORDER, category.sortOrder() == null ? 500 : category.sortOrder())
                        .onConflictDoNothing().returning()))
                .switchIfEmpty(Mono.error(() -> ProblemException.conflict("category-exists", "Category " + category.code() + " exists.")))
                .doOnNext(created -> policies.forget(town.slug()))
                .map(c -> view(c, List.of()));
    }

    @PatchMapping(path = "/{code}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "Rename, reorder, deactivate or reactivate a category; require an \"after\" photo to resolve its tickets")
    Mono<Category> change(TownContext town, @PathVariable String code, @Valid @RequestBody CategoryChange change) {
        return Reactive.one(town.dsl().selectFrom(TICKET_CATEGORY).where(TICKET_CATEGORY.CODE.eq(code)))
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("category-not-found", "No category " + code + ".")))
                .flatMap(current -> Reactive.one(town.dsl().update(TICKET_CATEGORY)
                        .set(TICKET_CATEGORY.NAME_ZH, change.nameZh() == null ? current.getNameZh() : change.nameZh())
                        .set(TICKET_CATEGORY.NAME_EN, change.nameEn() == null ? current.getNameEn() : change.nameEn())
                        .set(TICKET_CATEGORY.SORT_ORDER, change.sortOrder() == null ? current.getSortOrder() : change.sortOrder())
                        .set(TICKET_CATEGORY.ACTIVE, change.active() == null ? current.getActive() : change.active())
                        .set(TICKET_CATEGORY.AFTER_PHOTO_REQUIRED, change.afterPhotoRequired() == null ? current.getAfterPhotoRequired()
                                : change.afterPhotoRequired())
                        .where(TICKET_CATEGORY.CODE.eq(code)).returning()))
                .doOnNext(changed -> policies.forget(town.slug()))
                .map(c -> view(c, List.of()));
    }

    private static Category view(TicketCategoryRecord c, List<Category> children) {
        return new Category(c.getCode(), c.getNameZh(), c.getNameEn(), c.getParentCode(), c.getSortOrder(), Boolean.TRUE.equals(c.getActive()),
                Boolean.TRUE.equals(c.getAfterPhotoRequired()), children);
    }
}
