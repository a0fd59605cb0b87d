package org.townalliance.platform;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.townalliance.hotline.HotlineRetention;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The platform-wide hotline queues do not grow without end: fired timers and delivered city-hotline messages older
 * than the retention (90 days) go; unfired timers, recent ones and dead messages (waiting for a replay) stay.
 */
class HotlineRetentionTest extends PlatformTest {

    @Autowired
    HotlineRetention retention;

    @Test
    void onlyFiredTimersAndDeliveredMessagesOlderThanTheRetentionGo() {
        var town = uniqueSlug("ret");
        var ticket = "'00000000-0000-0000-0000-000000000001'";
        var oldFired = "'00000000-0000-0000-0000-0000000000f1'";
        // (The unfired one is fired by the running timer loop as "no effect": its town does not exist; it stays either way.)
        sql("insert into platform.hotline_timer (town, ticket_id, kind, due_at, deadline_at, fired_at) values"
                + " ('" + town + "', " + oldFired + ", 'ACCEPT_DUE', now() - interval '100 days', now() - interval '100 days', now() - interval '100 days'),"
                + " ('" + town + "', " + ticket + ", 'RESOLVE_DUE', now() - interval '10 days', now() - interval '10 days', now() - interval '10 days'),"
                + " ('" + town + "', " + ticket + ", 'RESOLVE_WARNING', now() - interval '100 days', now() - interval '100 days', null)");
        sql("insert into platform.city_hotline_outbox (town, ticket_id, city_case_id, payload, delivered_at, dead_at) values"
                + " ('" + town + "', " + ticket + ", 'OLD_DELIVERED', '{}', now() - interval '100 days', null),"
                + " ('" + town + "', " + ticket + ", 'RECENT_DELIVERED', '{}', now() - interval '1 day', null),"
                + " ('" + town + "', " + ticket + ", 'OLD_DEAD', '{}', null, now() - interval '100 days')");

        assertThat(retention.prune(Instant.now()).block()).isGreaterThanOrEqualTo(2);

        assertThat(count("select count(*) from platform.hotline_timer where town = '" + town + "' and ticket_id = " + oldFired)).isZero();
        assertThat(count("select count(*) from platform.hotline_timer where town = '" + town + "'")).isEqualTo(2);
        assertThat(count("select count(*) from platform.city_hotline_outbox where town = '" + town + "' and city_case_id = 'OLD_DELIVERED'")).isZero();
        assertThat(count("select count(*) from platform.city_hotline_outbox where town = '" + town + "'")).isEqualTo(2);
        // Nothing more to remove: a second round removes nothing of this town.
        retention.prune(Instant.now()).block();
        assertThat(count("select count(*) from platform.hotline_timer where town = '" + town + "'")).isEqualTo(2);
    }
}
