package org.townalliance.alliance;

import org.jooq.DSLContext;
import org.springframework.http.HttpStatus;
import org.townalliance.db.Reactive;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Members and estates from a town office's spreadsheet. Every row is checked first (which cell, why);
 * any error and nothing is written. Otherwise everything is written in one transaction, and the same
 * file again changes nothing: organisations are created when not yet registered and otherwise linked as the
 * registry has them (a row naming or typing one differently is an error: the registry is every town's), estates
 * are upserted only where a field differs, memberships and managing firms only where they are not already so.
 */
final class BulkImport {

    private static final int MAX_REPORTED = 200;

    private BulkImport() {
    }

    /** One problem in the file: the row as numbered in the user's spreadsheet, the column, the value. */
    record RowError(int row, String column, String value, String message) {
    }

    /** What an import did; {@code updated} counts estates only (an import never changes a registered organisation). */
    record Report(int rows, int created, int updated, int unchanged, int joined, int firmsAssigned) {
    }

    private record MemberRow(int row, Organisation organisation, LocalDate joinedOn) {
    }

    private record EstateRow(int row, Estates.Estate estate, String firmUscc, LocalDate managedFrom) {
    }

    static Mono<Report> members(DSLContext town, Spreadsheets.Sheet sheet, String actor) {
        var errors = new ArrayList<RowError>();
        var missing = new ArrayList<String>();
        var index = Columns.locate(Columns.MEMBERS, sheet.header(), missing);
        if (!missing.isEmpty()) {
            throw Spreadsheets.malformed("Missing columns: " + String.join(", ", missing) + ".");
        }
        var rows = new ArrayList<MemberRow>();
        var seen = new HashSet<String>();
        for (var i = 0; i < sheet.rows().size(); i++) {
            var cells = sheet.rows().get(i);
            var row = sheet.rowNumber(i);
            var uscc = Columns.cell(cells, index, "uscc");
            var name = Columns.cell(cells, index, "name");
            var kindCell = Columns.cell(cells, index, "kind");
            var joinedCell = Columns.cell(cells, index, "joined_on");
            var before = errors.size();
            String code = null;
            if (uscc == null) {
                errors.add(new RowError(row, "统一社会信用代码", null, "required"));
            } else {
                var problem = Uscc.problem(uscc.strip().toUpperCase(java.util.Locale.ROOT));
                if (problem != null) {
                    errors.add(new RowError(row, "统一社会信用代码", uscc, problem.getMessage()));
                } else {
                    code = uscc.strip().toUpperCase(java.util.Locale.ROOT);
                    if (!seen.add(code)) {
                        errors.add(new RowError(row, "统一社会信用代码", uscc, "appears twice in this file"));
                    }
                }
            }
            if (name == null || name.length() > 200) {
                errors.add(new RowError(row, "名称", name, name == null ? "required" : "at most 200 characters"));
            }
            var kind = OrganisationKind.fromCell(kindCell);
            if (kind == null) {
                errors.add(new RowError(row, "类型", kindCell, "物业企业 (FIRM) or 专业服务机构 (AGENCY)"));
            }
            var joinedOn = Columns.date(joinedCell);
            if (joinedOn == null) {
                errors.add(new RowError(row, "入盟日期", joinedCell, "a date such as 2024-10-09"));
            }
            var optional = Map.of("short_name", 50, "legal_representative", 50, "contact_name", 50, "contact_phone", 30, "specialities", 500);
            for (var entry : optional.entrySet()) {
                var value = Columns.cell(cells, index, entry.getKey());
                if (value != null && value.length() > entry.getValue()) {
                    errors.add(new RowError(row, entry.getKey(), value, "at most " + entry.getValue() + " characters"));
                }
            }
            if (errors.size() == before) {
                rows.add(new MemberRow(row, new Organisation(null, code, kind, name, Columns.cell(cells, index, "short_name"),
                        Columns.cell(cells, index, "legal_representative"), Columns.cell(cells, index, "contact_name"),
                        Columns.cell(cells, index, "contact_phone"), Columns.cell(cells, index, "specialities"), null), joinedOn));
            }
        }
        failIfAny(errors, sheet.rows().size());
        var created = new AtomicInteger();
        var updated = new AtomicInteger();
        var unchanged = new AtomicInteger();
        var joined = new AtomicInteger();
        var late = new ArrayList<RowError>();
        return Reactive.one(town.transactionPublisher(trx -> Flux.fromIterable(rows)
                        .concatMap(row -> OrganisationRegistry.register(trx.dsl(), row.organisation())
                                .flatMap(registered -> {
                                    (registered.created() ? created : unchanged).incrementAndGet();
                                    return Members.openMembership(trx.dsl(), registered.organisation().id())
                                            .map(open -> false)
                                            .switchIfEmpty(Mono.defer(() -> Members.join(trx.dsl(), registered.organisation(),
                                                    row.joinedOn(), "批量导入 bulk import", actor).map(id -> true)));
                                })
                                .onErrorResume(ProblemException.class, problem -> {
                                    late.add(new RowError(row.row(), "名称", row.organisation().nameZh(), problem.getMessage()));
                                    return Mono.just(false);
                                })
                                .doOnNext(join -> {
                                    if (join) {
                                        joined.incrementAndGet();
                                    }
                                }))
                        // Errors found while writing roll the whole file back, like errors found before.
                        .then(Mono.defer(() -> {
                            failIfAny(late, rows.size());
                            return Mono.just(new Report(rows.size(), created.get(), updated.get(), unchanged.get(), joined.get(), 0));
                        }))));
    }

    static Mono<Report> estates(DSLContext town, Spreadsheets.Sheet sheet, String actor) {
        var errors = new ArrayList<RowError>();
        var missing = new ArrayList<String>();
        var index = Columns.locate(Columns.ESTATES, sheet.header(), missing);
        if (!missing.isEmpty()) {
            throw Spreadsheets.malformed("Missing columns: " + String.join(", ", missing) + ".");
        }
        var rows = new ArrayList<EstateRow>();
        var seen = new HashSet<String>();
        for (var i = 0; i < sheet.rows().size(); i++) {
            var cells = sheet.rows().get(i);
            var row = sheet.rowNumber(i);
            var before = errors.size();
            var name = Columns.cell(cells, index, "name");
            var address = Columns.cell(cells, index, "address");
            if (name == null || name.length() > 100) {
                errors.add(new RowError(row, "小区名称", name, name == null ? "required" : "at most 100 characters"));
            }
            if (address == null || address.length() > 200) {
                errors.add(new RowError(row, "地址", address, address == null ? "required" : "at most 200 characters"));
            }
            if (name != null && address != null && !seen.add(name + "\u0000" + address)) {
                errors.add(new RowError(row, "小区名称", name, "the same estate (name and address) appears twice in this file"));
            }
            var households = count(cells, index, "households", "户数", row, errors);
            var buildings = count(cells, index, "buildings", "楼栋数", row, errors);
            var firm = Columns.cell(cells, index, "firm_uscc");
            var fromCell = Columns.cell(cells, index, "managed_from");
            var from = Columns.date(fromCell);
            if (firm != null && Uscc.problem(firm.toUpperCase(java.util.Locale.ROOT)) != null) {
                errors.add(new RowError(row, "物业企业信用代码", firm, Uscc.problem(firm.toUpperCase(java.util.Locale.ROOT)).getMessage()));
            }
            if (firm != null && from == null) {
                errors.add(new RowError(row, "委托开始日期", fromCell, "a date such as 2024-10-09 is needed with a managing firm"));
            }
            if (errors.size() == before) {
                rows.add(new EstateRow(row, new Estates.Estate(null, name, address, households, buildings,
                        Columns.cell(cells, index, "committee_contact"), Columns.cell(cells, index, "committee_phone"), null),
                        firm == null ? null : firm.toUpperCase(java.util.Locale.ROOT), from));
            }
        }
        failIfAny(errors, sheet.rows().size());
        var created = new AtomicInteger();
        var updated = new AtomicInteger();
        var unchanged = new AtomicInteger();
        var assigned = new AtomicInteger();
        var late = new ArrayList<RowError>();
        return Reactive.one(town.transactionPublisher(trx -> Flux.fromIterable(rows)
                .concatMap(row -> Estates.upsert(trx.dsl(), row.estate()).flatMap(estate -> {
                    count(estate.change().name(), created, updated, unchanged);
                    if (row.firmUscc() == null) {
                        return Mono.just(false);
                    }
                    return OrganisationRegistry.findByUscc(trx.dsl(), row.firmUscc())
                            .flatMap(org -> Estates.assign(trx.dsl(), estate.id(), org, row.managedFrom(), actor))
                            .switchIfEmpty(Mono.defer(() -> {
                                late.add(new RowError(row.row(), "物业企业信用代码", row.firmUscc(),
                                        "no such organisation; import the members first"));
                                return Mono.just(false);
                            }))
                            .onErrorResume(ProblemException.class, problem -> {
                                late.add(new RowError(row.row(), "物业企业信用代码", row.firmUscc(), problem.getMessage()));
                                return Mono.just(false);
                            });
                }).doOnNext(changed -> {
                    if (changed) {
                        assigned.incrementAndGet();
                    }
                }))
                // Errors found while writing roll the whole file back, like errors found before.
                .then(Mono.defer(() -> {
                    failIfAny(late, rows.size());
                    return Mono.just(new Report(rows.size(), created.get(), updated.get(), unchanged.get(), 0, assigned.get()));
                }))));
    }

    private static Integer count(List<String> cells, Map<String, Integer> index, String key, String column, int row, List<RowError> errors) {
        var value = Columns.cell(cells, index, key);
        if (value == null) {
            return null;
        }
        try {
            var number = Integer.parseInt(value.replace(",", ""));
            if (number < 0 || number > 1_000_000) {
                errors.add(new RowError(row, column, value, "a whole number from 0 to 1,000,000"));
                return null;
            }
            return number;
        } catch (NumberFormatException e) {
            errors.add(new RowError(row, column, value, "a whole number"));
            return null;
        }
    }

    private static void count(String change, AtomicInteger created, AtomicInteger updated, AtomicInteger unchanged) {
        switch (change) {
            case "CREATED" -> created.incrementAndGet();
            case "UPDATED" -> updated.incrementAndGet();
            default -> unchanged.incrementAndGet();
        }
    }

    private static void failIfAny(List<RowError> errors, int rows) {
        if (errors.isEmpty()) {
            return;
        }
        throw new ProblemException(HttpStatus.BAD_REQUEST, "import-invalid", "Import refused",
                errors.size() + " problem(s) in " + rows + " row(s); nothing was imported. Correct the cells listed and upload again.",
                Map.of("errors", errors.subList(0, Math.min(errors.size(), MAX_REPORTED)), "errorCount", errors.size()));
    }
}
