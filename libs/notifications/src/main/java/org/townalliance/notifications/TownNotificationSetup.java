package org.townalliance.notifications;

import org.jooq.DSLContext;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.townalliance.db.Reactive;
import org.townalliance.db.jooq.town.tables.records.NotificationRobotRecord;
import org.townalliance.db.jooq.town.tables.records.NotificationSettingsRecord;
import org.townalliance.tenancy.TownContext;
import org.townalliance.web.OutboundAddresses;
import org.townalliance.web.ProblemException;
import org.townalliance.web.SecretsAtRest;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.townalliance.db.jooq.town.Tables.NOTIFICATION_ROBOT;
import static org.townalliance.db.jooq.town.Tables.NOTIFICATION_SETTINGS;
import static org.townalliance.db.jooq.town.Tables.NOTIFICATION_TEMPLATE;

/**
 * What a town decides: its channels and monthly SMS quota, its own wording (secretariat), and its organisations'
 * group robots (each organisation's managers). The robots' webhook addresses are checked like every address a town
 * sets (public hosts only) and their secrets sealed at rest.
 */
@Service
class TownNotificationSetup {

    /** The town's channels and quota; a town that never changed them has the defaults. */
    record Settings(boolean emailEnabled, boolean smsEnabled, boolean robotsEnabled, int smsMonthlyQuota) {
        static final Settings DEFAULTS = new Settings(true, true, true, 2000);
    }

    /** A kind's wording in one language, the town's own or the platform's. */
    record Template(NoticeKind kind, String locale, String title, String body, boolean townsOwn) {
    }

    /** A group robot as its organisation's managers see it (never its secret). */
    record Robot(UUID id, UUID organisationId, RobotProvider provider, String name, String webhookHost, Set<NoticeKind> kinds,
                 boolean enabled, boolean signed) {
    }

    /** The providers whose robots the platform posts to. */
    enum RobotProvider { WECOM, DINGTALK, FEISHU }

    static String robotSecretPurpose(String town) {
        return "notification-robot:" + town;
    }

    private static final TypeReference<List<String>> KINDS = new TypeReference<>() { };

    private final JsonMapper json;
    private final Clock clock;
    private final OutboundAddresses egress;
    private final SecretsAtRest secrets;

    TownNotificationSetup(JsonMapper json, Clock clock, OutboundAddresses egress, SecretsAtRest secrets) {
        this.json = json;
        this.clock = clock;
        this.egress = egress;
        this.secrets = secrets;
    }

    Mono<Settings> settings(DSLContext town) {
        return Reactive.one(town.selectFrom(NOTIFICATION_SETTINGS)).map(TownNotificationSetup::settings).defaultIfEmpty(Settings.DEFAULTS);
    }

    private static Settings settings(NotificationSettingsRecord row) {
        return new Settings(row.getEmailEnabled(), row.getSmsEnabled(), row.getRobotsEnabled(), row.getSmsMonthlyQuota());
    }

    Mono<Settings> setSettings(TownContext town, Settings wanted) {
        if (wanted.smsMonthlyQuota() < 0 || wanted.smsMonthlyQuota() > 10_000_000) {
            return Mono.error(ProblemException.badRequest("invalid-sms-quota", "smsMonthlyQuota is between 0 and 10,000,000."));
        }
        var now = OffsetDateTime.now(clock);
        var actor = town.caller().actor();
        return Reactive.one(town.dsl().insertInto(NOTIFICATION_SETTINGS)
                .set(NOTIFICATION_SETTINGS.ID, 1)
                .set(NOTIFICATION_SETTINGS.EMAIL_ENABLED, wanted.emailEnabled()).set(NOTIFICATION_SETTINGS.SMS_ENABLED, wanted.smsEnabled())
                .set(NOTIFICATION_SETTINGS.ROBOTS_ENABLED, wanted.robotsEnabled())
                .set(NOTIFICATION_SETTINGS.SMS_MONTHLY_QUOTA, wanted.smsMonthlyQuota())
                .set(NOTIFICATION_SETTINGS.UPDATED_AT, now).set(NOTIFICATION_SETTINGS.UPDATED_BY, actor)
                .onConflict(NOTIFICATION_SETTINGS.ID).doUpdate()
                .set(NOTIFICATION_SETTINGS.EMAIL_ENABLED, wanted.emailEnabled()).set(NOTIFICATION_SETTINGS.SMS_ENABLED, wanted.smsEnabled())
                .set(NOTIFICATION_SETTINGS.ROBOTS_ENABLED, wanted.robotsEnabled())
                .set(NOTIFICATION_SETTINGS.SMS_MONTHLY_QUOTA, wanted.smsMonthlyQuota())
                .set(NOTIFICATION_SETTINGS.UPDATED_AT, now).set(NOTIFICATION_SETTINGS.UPDATED_BY, actor)
                .returning()).map(TownNotificationSetup::settings);
    }

    /** Every kind in both languages: the town's wording where it has its own, else the platform's. */
    Flux<Template> templates(DSLContext town) {
        return ownTemplates(town).flatMapMany(own -> Flux.fromArray(NoticeKind.values()).concatMap(kind -> Flux.just("zh-CN", "en")
                .map(locale -> {
                    var mine = own.get(kind.name() + "/" + locale);
                    var platform = Wording.platform(kind, locale);
                    return mine != null ? new Template(kind, locale, mine.title(), mine.body(), true)
                            : new Template(kind, locale, platform.title(), platform.body(), false);
                })));
    }

    /** The town's own wording, by "KIND/locale". */
    Mono<Map<String, Wording.Text>> ownTemplates(DSLContext town) {
        return Flux.from(town.selectFrom(NOTIFICATION_TEMPLATE))
                .collectMap(row -> row.getKind() + "/" + row.getLocale(), row -> new Wording.Text(row.getTitle(), row.getBody()));
    }

    Mono<Template> setTemplate(TownContext town, NoticeKind kind, String locale, String title, String body) {
        var language = Wording.locale(locale);
        if (!language.equalsIgnoreCase(locale)) {
            return Mono.error(ProblemException.badRequest("invalid-locale", "Wording is written in zh-CN or en."));
        }
        // A placeholder the platform's wording does not use is one the kind may not provide: refused, not shown empty.
        var platform = Wording.platform(kind, language);
        var known = new java.util.TreeSet<>(Wording.placeholders(platform.title() + platform.body()));
        known.addAll(List.of("town", "link"));
        var used = Wording.placeholders(title + body);
        used.removeAll(known);
        if (!used.isEmpty()) {
            return Mono.error(new ProblemException(HttpStatus.BAD_REQUEST, "unknown-placeholder", "Unknown placeholder",
                    "The wording uses " + used + "; " + kind + " provides " + known + ".", Map.of("unknown", List.copyOf(used))));
        }
        var now = OffsetDateTime.now(clock);
        var actor = town.caller().actor();
        return Reactive.run(town.dsl().insertInto(NOTIFICATION_TEMPLATE)
                        .set(NOTIFICATION_TEMPLATE.KIND, kind.name()).set(NOTIFICATION_TEMPLATE.LOCALE, language)
                        .set(NOTIFICATION_TEMPLATE.TITLE, title).set(NOTIFICATION_TEMPLATE.BODY, body)
                        .set(NOTIFICATION_TEMPLATE.UPDATED_AT, now).set(NOTIFICATION_TEMPLATE.UPDATED_BY, actor)
                        .onConflict(NOTIFICATION_TEMPLATE.KIND, NOTIFICATION_TEMPLATE.LOCALE).doUpdate()
                        .set(NOTIFICATION_TEMPLATE.TITLE, title).set(NOTIFICATION_TEMPLATE.BODY, body)
                        .set(NOTIFICATION_TEMPLATE.UPDATED_AT, now).set(NOTIFICATION_TEMPLATE.UPDATED_BY, actor))
                .thenReturn(new Template(kind, language, title, body, true));
    }

    /** Back to the platform's wording. */
    Mono<Void> resetTemplate(TownContext town, NoticeKind kind, String locale) {
        return Reactive.run(town.dsl().deleteFrom(NOTIFICATION_TEMPLATE)
                .where(NOTIFICATION_TEMPLATE.KIND.eq(kind.name())).and(NOTIFICATION_TEMPLATE.LOCALE.eq(Wording.locale(locale))));
    }

    Flux<Robot> robots(DSLContext town, UUID organisation) {
        return Flux.from(town.selectFrom(NOTIFICATION_ROBOT).where(NOTIFICATION_ROBOT.ORGANISATION_ID.eq(organisation))
                .orderBy(NOTIFICATION_ROBOT.CREATED_AT)).map(this::robot);
    }

    /** The enabled robots of these organisations that post this kind. */
    Flux<NotificationRobotRecord> robotsFor(DSLContext town, Collection<UUID> organisations, NoticeKind kind) {
        if (organisations.isEmpty()) {
            return Flux.empty();
        }
        return Flux.from(town.selectFrom(NOTIFICATION_ROBOT).where(NOTIFICATION_ROBOT.ORGANISATION_ID.in(organisations))
                        .and(NOTIFICATION_ROBOT.ENABLED.isTrue()))
                .filter(row -> json.readValue(row.getKinds(), KINDS).contains(kind.name()));
    }

    Mono<NotificationRobotRecord> robot(DSLContext town, UUID id) {
        return Reactive.one(town.selectFrom(NOTIFICATION_ROBOT).where(NOTIFICATION_ROBOT.ID.eq(id)));
    }

    Mono<Robot> addRobot(TownContext town, UUID organisation, RobotProvider provider, String name, String webhookUrl, String secret,
                         Set<NoticeKind> kinds) {
        if (kinds.isEmpty() || kinds.stream().anyMatch(NoticeKind::forResidents)) {
            return Mono.error(ProblemException.badRequest("invalid-robot-kinds", "Name the kinds the robot posts (not residents' ones)."));
        }
        if (provider != RobotProvider.WECOM && (secret == null || secret.isBlank())) {
            return Mono.error(ProblemException.badRequest("robot-secret-required",
                    provider + " robots are signed: give the secret shown with the robot's signing (加签) setting."));
        }
        return egress.destination(webhookUrl)
                .onErrorMap(OutboundAddresses.Refused.class, refused -> ProblemException.badRequest("invalid-webhook", refused.getMessage()))
                .then(Mono.defer(() -> {
            var stored = kinds.stream().map(Enum::name).sorted().toList();
            return Reactive.one(town.dsl().insertInto(NOTIFICATION_ROBOT)
                    .set(NOTIFICATION_ROBOT.ID, UUID.randomUUID())
                    .set(NOTIFICATION_ROBOT.ORGANISATION_ID, organisation)
                    .set(NOTIFICATION_ROBOT.PROVIDER, provider.name())
                    .set(NOTIFICATION_ROBOT.NAME, name)
                    .set(NOTIFICATION_ROBOT.WEBHOOK_URL, webhookUrl)
                    .set(NOTIFICATION_ROBOT.SECRET, secret == null || secret.isBlank() ? null : secrets.seal(secret, robotSecretPurpose(town.slug())))
                    .set(NOTIFICATION_ROBOT.KINDS, json.writeValueAsString(stored))
                    .set(NOTIFICATION_ROBOT.CREATED_AT, OffsetDateTime.now(clock))
                    .set(NOTIFICATION_ROBOT.CREATED_BY, town.caller().actor())
                    .returning()).map(this::robot);
        }));
    }

    Mono<Void> removeRobot(TownContext town, UUID organisation, UUID id) {
        return Reactive.one(town.dsl().deleteFrom(NOTIFICATION_ROBOT).where(NOTIFICATION_ROBOT.ID.eq(id))
                        .and(NOTIFICATION_ROBOT.ORGANISATION_ID.eq(organisation)).returning(NOTIFICATION_ROBOT.ID))
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("unknown-robot", "The organisation has no such robot.")))
                .then();
    }

    private Robot robot(NotificationRobotRecord row) {
        var kinds = EnumSet.noneOf(NoticeKind.class);
        for (var kind : json.readValue(row.getKinds(), KINDS)) {
            try {
                kinds.add(NoticeKind.valueOf(kind));
            } catch (IllegalArgumentException retired) {
                // no longer sent
            }
        }
        var host = java.net.URI.create(row.getWebhookUrl()).getHost();
        return new Robot(row.getId(), row.getOrganisationId(), RobotProvider.valueOf(row.getProvider()), row.getName(), host,
                Set.copyOf(kinds), row.getEnabled(), row.getSecret() != null);
    }
}
