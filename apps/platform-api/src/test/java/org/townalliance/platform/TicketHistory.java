package org.townalliance.platform;

import java.util.UUID;

/**
 * Generated ticket histories for evaluation tests, written straight into a town's schema (a year of
 * tickets through the API would take minutes): each ticket with its resolve deadline and when it was resolved.
 */
final class TicketHistory {

    private TicketHistory() {
    }

    static String ticket(String schema, String estate, String kind, String createdAt, int dueDays, int resolvedDays) {
        var id = UUID.randomUUID().toString();
        PlatformTest.sql("insert into " + schema + ".ticket (id, kind, channel, category_code, estate_id, description, priority, status, created_at,"
                + " created_by, resolve_due_at, resolved_at) values ('" + id + "', '" + kind + "', 'PHONE', 'repairs', '" + estate + "', '生成的工单',"
                + " 'NORMAL', 'CLOSED', '" + createdAt + "', 'test', timestamptz '" + createdAt + "' + interval '" + dueDays + " days', timestamptz '"
                + createdAt + "' + interval '" + resolvedDays + " days')");
        return id;
    }
}
