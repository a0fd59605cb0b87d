package org.townalliance.hotline;

import org.jooq.DSLContext;
import org.townalliance.db.Reactive;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;

import static org.townalliance.db.jooq.town.Tables.TICKET;

/** What other modules may ask about tickets (a meeting links the tickets it discussed) without reading the hotline's tables. */
public final class TicketDirectory {

    private TicketDirectory() {
    }

    /** A ticket as other modules show it: its number, title-like summary and status. */
    public record TicketRef(UUID id, long number, String summary, String status) {
    }

    /** The ticket with this number in the town, if any. */
    public static Mono<TicketRef> byNumber(DSLContext town, long number) {
        return Reactive.one(town.select(TICKET.ID, TICKET.NUMBER, TICKET.DESCRIPTION, TICKET.STATUS).from(TICKET).where(TICKET.NUMBER.eq(number)))
                .map(r -> new TicketRef(r.value1(), r.value2(), summary(r.value3()), r.value4()));
    }

    public static Mono<Map<UUID, TicketRef>> byIds(DSLContext town, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Mono.just(Map.of());
        }
        return Flux.from(town.select(TICKET.ID, TICKET.NUMBER, TICKET.DESCRIPTION, TICKET.STATUS).from(TICKET).where(TICKET.ID.in(ids)))
                .collectMap(r -> r.value1(), r -> new TicketRef(r.value1(), r.value2(), summary(r.value3()), r.value4()));
    }

    private static String summary(String description) {
        return description == null || description.length() <= 60 ? description : description.substring(0, 60) + "…";
    }
}
