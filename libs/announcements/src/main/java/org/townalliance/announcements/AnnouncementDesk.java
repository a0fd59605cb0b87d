package org.townalliance.announcements;

import org.springframework.stereotype.Service;
import org.townalliance.alliance.AllianceDirectory;
import org.townalliance.db.Reactive;
import org.townalliance.notifications.Audience;
import org.townalliance.notifications.Notice;
import org.townalliance.notifications.NoticeKind;
import org.townalliance.notifications.Notices;
import org.townalliance.tenancy.TownContext;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Posting an announcement: to current members only, in one transaction with the notice that tells the addressed
 * members' people (managers and staff), so that nobody is told of an announcement that was not posted, or not told of
 * one that was.
 */
@Service
class AnnouncementDesk {

    private final Notices notices;

    AnnouncementDesk(Notices notices) {
        this.notices = notices;
    }

    Mono<UUID> post(TownContext town, String title, String body, List<UUID> listed) {
        return AllianceDirectory.currentMemberIds(town.dsl()).flatMap(members -> {
            if (!members.containsAll(listed)) {
                return Mono.error(ProblemException.badRequest("invalid-organisation", "Announcements go to current member organisations."));
            }
            var addressed = listed.isEmpty() ? List.copyOf(members) : listed;
            var audience = new ArrayList<Audience>();
            for (var organisation : addressed.stream().distinct().toList()) {
                audience.add(Audience.managersOf(organisation));
                audience.add(Audience.staffOf(organisation));
            }
            return Reactive.one(town.dsl().transactionPublisher(trx -> Announcements.insert(trx.dsl(), title, body, listed, town.caller().actor())
                    .flatMap(id -> notices.queue(trx.dsl(), Notice.of(town.slug(), NoticeKind.ANNOUNCEMENT_POSTED, "announcement:" + id, audience,
                            Map.of("title", title, "path", "/console/towns/" + town.slug() + "/announcements/" + id))).thenReturn(id))));
        });
    }
}
