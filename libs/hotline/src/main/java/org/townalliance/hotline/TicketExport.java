package org.townalliance.hotline;

import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.stereotype.Service;
import org.townalliance.alliance.AllianceDirectory;
import org.townalliance.db.jooq.town.tables.records.TicketRecord;
import org.townalliance.tenancy.TownContext;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The board's tickets as an Excel workbook, with the board's filters and the caller's scope (a firm: its own tickets),
 * phones masked unless the caller may see them. Read in keyset pages and written row by row (POI's streaming workbook
 * keeps 200 rows in memory, the rest in a temporary file), at most {@link #MAX_ROWS} rows, then sent from the file.
 */
@Service
class TicketExport {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    static final int MAX_ROWS = 50_000;
    private static final int PAGE = 1_000;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final List<String> HEADER = List.of("编号 Number", "类型 Kind", "渠道 Channel", "类别 Category", "地址 Address",
            "报告人 Reporter", "电话 Phone", "诉求 Description", "状态 Status", "责任单位 Organisation", "受理 Received", "派单 Dispatched",
            "解决 Resolved", "超时 Overdue");

    /** The workbook's file and how many tickets it holds (the audit says so). */
    record Exported(Path file, int rows, boolean unmaskedPhones) {
    }

    Mono<Exported> export(TownContext town, Tickets.Filter filter) {
        return TicketScope.of(town).flatMap(scope -> Mono.fromCallable(() -> new Writer(town)).subscribeOn(Schedulers.boundedElastic())
                .flatMap(writer -> page(town, scope, filter, null)
                        .expand(rows -> rows.size() == PAGE ? page(town, scope, filter, rows.getLast().getNumber()) : Mono.empty())
                        .concatMap(rows -> {
                            if (writer.rows + rows.size() > MAX_ROWS) {
                                return Mono.error(ProblemException.badRequest("export-too-large", "More than " + MAX_ROWS
                                        + " tickets match; narrow the filters (a period, a status) and export in parts."));
                            }
                            var organisations = rows.stream().map(TicketRecord::getAssignedOrganisationId).filter(Objects::nonNull)
                                    .collect(java.util.stream.Collectors.toCollection(HashSet::new));
                            // POI writes (and spills to its temporary file) off the event loop.
                            return AllianceDirectory.organisationNames(town.dsl(), organisations).publishOn(Schedulers.boundedElastic())
                                    .doOnNext(names -> writer.append(scope, rows, names));
                        })
                        .then(Mono.fromCallable(writer::finish).subscribeOn(Schedulers.boundedElastic()))
                        .doOnError(failure -> writer.abandon())));
    }

    /** The file's bytes as the response body; the file is deleted once sent (or abandoned). */
    static Flux<DataBuffer> body(Path file) {
        return DataBufferUtils.read(file, DefaultDataBufferFactory.sharedInstance, 64 * 1024)
                // Deleting is file I/O: off the event loop that ends the response.
                .doFinally(signal -> Mono.fromCallable(() -> Files.deleteIfExists(file)).subscribeOn(Schedulers.boundedElastic())
                        .onErrorResume(IOException.class, left -> Mono.empty()) // left behind: the temporary directory's
                        .subscribe());
    }

    private static Mono<List<TicketRecord>> page(TownContext town, TicketScope scope, Tickets.Filter filter, Long before) {
        return Tickets.list(town.dsl(), filter, scope.operationsCentre() ? null : scope.ownOrganisations(), before, PAGE).collectList();
    }

    /** One export's workbook, written page by page (one page at a time: the pages come in order). */
    private static final class Writer {

        private final java.time.ZoneId zone;
        private final Path file;
        private final SXSSFWorkbook workbook = new SXSSFWorkbook(200);
        private final org.apache.poi.ss.usermodel.Sheet sheet;
        private int rows;
        private boolean unmasked;

        Writer(TownContext town) throws IOException {
            this.zone = town.town().timezone();
            this.file = Files.createTempFile("tickets-" + town.slug() + "-", ".xlsx");
            this.sheet = workbook.createSheet("工单 Tickets");
            var head = sheet.createRow(0);
            for (var c = 0; c < HEADER.size(); c++) {
                head.createCell(c).setCellValue(HEADER.get(c));
            }
        }

        void append(TicketScope scope, List<TicketRecord> tickets, Map<java.util.UUID, String> names) {
            for (var t : tickets) {
                var seesPhone = scope.seesPhone(t.getAssignedOrganisationId());
                unmasked |= seesPhone && t.getReporterPhone() != null;
                var values = new ArrayList<Object>(List.of(t.getNumber(), t.getKind(), t.getChannel()));
                values.add(t.getCategoryCode());
                values.add(t.getAddress());
                values.add(t.getReporterName());
                values.add(seesPhone ? t.getReporterPhone() : PhoneMask.mask(t.getReporterPhone()));
                values.add(t.getDescription());
                values.add(t.getStatus());
                values.add(t.getAssignedOrganisationId() == null ? null : names.get(t.getAssignedOrganisationId()));
                values.add(when(t.getCreatedAt(), zone));
                values.add(when(t.getDispatchedAt(), zone));
                values.add(when(t.getResolvedAt(), zone));
                values.add(t.getAcceptBreachedAt() != null || t.getResolveBreachedAt() != null ? "是 yes" : "");
                var row = sheet.createRow(++rows);
                for (var c = 0; c < values.size(); c++) {
                    var value = values.get(c);
                    if (value instanceof Number number) {
                        row.createCell(c).setCellValue(number.doubleValue());
                    } else if (value != null) {
                        row.createCell(c).setCellValue(value.toString());
                    }
                }
            }
        }

        Exported finish() throws IOException {
            try (var out = Files.newOutputStream(file)) {
                workbook.write(out);
            } finally {
                workbook.dispose();
                workbook.close();
            }
            return new Exported(file, rows, unmasked);
        }

        void abandon() {
            try {
                workbook.dispose();
                workbook.close();
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // the temporary file goes with the JVM's temporary directory
            }
        }
    }

    private static String when(OffsetDateTime at, java.time.ZoneId zone) {
        return at == null ? null : WHEN.format(at.atZoneSameInstant(zone));
    }
}
