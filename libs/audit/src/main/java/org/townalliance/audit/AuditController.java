package org.townalliance.audit;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.townalliance.db.jooq.platform.tables.records.AuditEventRecord;
import org.townalliance.web.Page;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.OffsetDateTime;

import static org.townalliance.db.jooq.platform.Tables.AUDIT_EVENT;

/** The audit log for the platform admin, newest first, keyset-paginated by id. */
@RestController
@Tag(name = "Platform: audit")
class AuditController {

    private final DSLContext dsl;

    AuditController(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** One audit entry. */
    record AuditEntry(long id, OffsetDateTime occurredAt, String actor, String town, String method, String path,
                      int status, String privileged, String clientIp) {
    }

    @GetMapping(path = "/api/platform/audit", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Audit log: every write and every privileged read; filter by town")
    Mono<Page<AuditEntry>> audit(@RequestParam(required = false) String town,
                                 @RequestParam(required = false) Long after,
                                 @RequestParam(required = false) Integer limit) {
        var size = Page.limit(limit);
        var condition = DSL.noCondition();
        if (town != null) {
            condition = condition.and(AUDIT_EVENT.TOWN.eq(town));
        }
        if (after != null) {
            condition = condition.and(AUDIT_EVENT.ID.lt(after));
        }
        return Flux.from(dsl.selectFrom(AUDIT_EVENT).where(condition).orderBy(AUDIT_EVENT.ID.desc()).limit(size + 1))
                .map(AuditController::toEntry)
                .collectList()
                .map(entries -> entries.size() <= size ? new Page<>(entries, null)
                        : new Page<>(entries.subList(0, size), Long.toString(entries.get(size - 1).id())));
    }

    private static AuditEntry toEntry(AuditEventRecord row) {
        return new AuditEntry(row.getId(), row.getOccurredAt(), row.getActorUsername(), row.getTown(), row.getMethod(),
                row.getPath(), row.getStatus(), row.getPrivileged(), row.getClientIp());
    }
}
