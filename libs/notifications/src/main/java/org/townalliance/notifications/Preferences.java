package org.townalliance.notifications;

import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.townalliance.db.Reactive;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.townalliance.db.jooq.platform.Tables.NOTIFICATION_PREFERENCE;

/**
 * A person's choices, the same in every town: the language of their messages, their quiet hours (no SMS then, except
 * what is urgent) and, per kind, the channels they get it on. Without choices, a kind's default channels, zh-CN and the
 * night (22:00–07:00, Shanghai time) apply.
 */
@Service
class Preferences {

    /** What the person chose; {@code channels} names every kind a person may get, with the channels chosen for it. */
    record Preference(String locale, LocalTime quietFrom, LocalTime quietUntil, String timeZone, Map<NoticeKind, Set<Channel>> channels) {

        QuietHours quietHours() {
            return new QuietHours(quietFrom, quietUntil, ZoneId.of(timeZone));
        }

        Set<Channel> channelsFor(NoticeKind kind) {
            return channels.getOrDefault(kind, kind.defaultChannels());
        }
    }

    static final String DEFAULT_ZONE = "Asia/Shanghai";
    private static final TypeReference<Map<String, List<String>>> CHANNELS = new TypeReference<>() { };

    private final DSLContext platform;
    private final JsonMapper json;
    private final Clock clock;

    Preferences(DSLContext platform, JsonMapper json, Clock clock) {
        this.platform = platform;
        this.json = json;
        this.clock = clock;
    }

    static Preference defaults() {
        var channels = new EnumMap<NoticeKind, Set<Channel>>(NoticeKind.class);
        for (var kind : NoticeKind.values()) {
            if (!kind.forResidents()) {
                channels.put(kind, kind.defaultChannels());
            }
        }
        return new Preference("zh-CN", LocalTime.of(22, 0), LocalTime.of(7, 0), DEFAULT_ZONE, Map.copyOf(channels));
    }

    Mono<Preference> of(String person) {
        return of(List.of(person)).map(found -> found.getOrDefault(person, defaults()));
    }

    /** The choices of several people in one query; whoever chose nothing is absent (use {@link #defaults()}). */
    Mono<Map<String, Preference>> of(Collection<String> people) {
        if (people.isEmpty()) {
            return Mono.just(Map.of());
        }
        return Flux.from(platform.selectFrom(NOTIFICATION_PREFERENCE).where(NOTIFICATION_PREFERENCE.PERSON.in(people)))
                .collectMap(row -> row.getPerson(), row -> new Preference(row.getLocale(), row.getQuietFrom(), row.getQuietUntil(),
                        row.getTimeZone(), merge(json.readValue(row.getChannels(), CHANNELS))));
    }

    /** Replaces the person's choices; kinds left out keep their defaults, residents' kinds and unknown names are refused. */
    Mono<Preference> set(String person, Preference wanted) {
        var locale = Wording.locale(wanted.locale());
        String zone;
        try {
            zone = ZoneId.of(wanted.timeZone() == null ? DEFAULT_ZONE : wanted.timeZone()).getId();
        } catch (DateTimeException e) {
            return Mono.error(ProblemException.badRequest("invalid-time-zone", "timeZone must be a time zone such as Asia/Shanghai."));
        }
        if ((wanted.quietFrom() == null) != (wanted.quietUntil() == null)) {
            return Mono.error(ProblemException.badRequest("invalid-quiet-hours", "Give both ends of the quiet hours, or neither."));
        }
        var stored = new HashMap<String, List<String>>();
        for (var entry : (wanted.channels() == null ? Map.<NoticeKind, Set<Channel>>of() : wanted.channels()).entrySet()) {
            if (entry.getKey().forResidents()) {
                return Mono.error(ProblemException.badRequest("invalid-notice-kind", entry.getKey() + " is sent to residents only."));
            }
            var channels = entry.getValue() == null ? Set.<Channel>of() : entry.getValue();
            stored.put(entry.getKey().name(), channels.stream().map(Enum::name).sorted().toList());
        }
        var text = json.writeValueAsString(stored);
        var now = OffsetDateTime.now(clock);
        return Reactive.run(platform.insertInto(NOTIFICATION_PREFERENCE)
                        .set(NOTIFICATION_PREFERENCE.PERSON, person).set(NOTIFICATION_PREFERENCE.LOCALE, locale)
                        .set(NOTIFICATION_PREFERENCE.QUIET_FROM, wanted.quietFrom()).set(NOTIFICATION_PREFERENCE.QUIET_UNTIL, wanted.quietUntil())
                        .set(NOTIFICATION_PREFERENCE.TIME_ZONE, zone).set(NOTIFICATION_PREFERENCE.CHANNELS, text)
                        .set(NOTIFICATION_PREFERENCE.UPDATED_AT, now)
                        .onConflict(NOTIFICATION_PREFERENCE.PERSON).doUpdate()
                        .set(NOTIFICATION_PREFERENCE.LOCALE, locale)
                        .set(NOTIFICATION_PREFERENCE.QUIET_FROM, wanted.quietFrom()).set(NOTIFICATION_PREFERENCE.QUIET_UNTIL, wanted.quietUntil())
                        .set(NOTIFICATION_PREFERENCE.TIME_ZONE, zone).set(NOTIFICATION_PREFERENCE.CHANNELS, text)
                        .set(NOTIFICATION_PREFERENCE.UPDATED_AT, now))
                .then(of(person));
    }

    private static Map<NoticeKind, Set<Channel>> merge(Map<String, List<String>> stored) {
        var channels = new EnumMap<>(defaults().channels());
        stored.forEach((kind, names) -> {
            try {
                var set = EnumSet.noneOf(Channel.class);
                names.forEach(name -> set.add(Channel.valueOf(name)));
                channels.put(NoticeKind.valueOf(kind), Set.copyOf(set));
            } catch (IllegalArgumentException retired) {
                // a kind or channel no longer offered: its choice no longer applies
            }
        });
        return Map.copyOf(channels);
    }
}
