package org.townalliance.notifications;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.townalliance.alliance.AllianceDirectory;
import org.townalliance.identity.TownGrant;
import org.townalliance.identity.TownRole;
import org.townalliance.tenancy.TownAccess;
import org.townalliance.tenancy.TownContext;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.Set;
import java.util.UUID;

/** A town's notifications: its channels, quota and wording (secretariat); its organisations' group robots (their managers). */
@RestController
@Tag(name = "Town: notifications")
class TownNotificationsController {

    record SettingsBody(boolean emailEnabled, boolean smsEnabled, boolean robotsEnabled, int smsMonthlyQuota) {
    }

    record TemplateBody(@NotBlank @Size(max = 300) String title, @NotBlank @Size(max = 2000) String body) {
    }

    record RobotBody(@NotNull TownNotificationSetup.RobotProvider provider, @NotBlank @Size(max = 100) String name,
                     @NotBlank @Size(max = 500) String webhookUrl, @Size(max = 200) String secret, @NotEmpty Set<NoticeKind> kinds) {
    }

    private final TownNotificationSetup setup;

    TownNotificationsController(TownNotificationSetup setup) {
        this.setup = setup;
    }

    @GetMapping(path = "/api/towns/{town}/notification-settings", produces = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(value = TownRole.SECRETARIAT, platformAdmin = true)
    @Operation(summary = "The town's channels (e-mail, SMS, robots) and its monthly SMS quota")
    Mono<TownNotificationSetup.Settings> settings(TownContext town) {
        return setup.settings(town.dsl());
    }

    @PutMapping(path = "/api/towns/{town}/notification-settings", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(value = TownRole.SECRETARIAT, platformAdmin = true)
    @Operation(summary = "Set the town's channels and monthly SMS quota (secretariat)")
    Mono<TownNotificationSetup.Settings> setSettings(TownContext town, @Valid @RequestBody SettingsBody body) {
        return setup.setSettings(town, new TownNotificationSetup.Settings(body.emailEnabled(), body.smsEnabled(), body.robotsEnabled(),
                body.smsMonthlyQuota()));
    }

    @GetMapping(path = "/api/towns/{town}/notification-templates", produces = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "The wording of every kind in zh-CN and English: the town's own (townsOwn) or the platform's")
    Flux<TownNotificationSetup.Template> templates(TownContext town) {
        return setup.templates(town.dsl());
    }

    @PutMapping(path = "/api/towns/{town}/notification-templates/{kind}/{locale}", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "The town's own wording of a kind in zh-CN or en; placeholders are the kind's ({number}, {link}, ...)")
    Mono<TownNotificationSetup.Template> setTemplate(TownContext town, @PathVariable NoticeKind kind, @PathVariable String locale,
                                                     @Valid @RequestBody TemplateBody body) {
        return setup.setTemplate(town, kind, locale, body.title().strip(), body.body().strip());
    }

    @DeleteMapping("/api/towns/{town}/notification-templates/{kind}/{locale}")
    @TownAccess(TownRole.SECRETARIAT)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Back to the platform's wording of a kind")
    Mono<Void> resetTemplate(TownContext town, @PathVariable NoticeKind kind, @PathVariable String locale) {
        return setup.resetTemplate(town, kind, locale);
    }

    @GetMapping(path = "/api/towns/{town}/organisations/{organisationId}/robots", produces = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess({TownRole.ORG_MANAGER, TownRole.SECRETARIAT})
    @Operation(summary = "The organisation's group robots (its managers and the secretariat; never their secrets)")
    Flux<TownNotificationSetup.Robot> robots(TownContext town, @PathVariable UUID organisationId) {
        return manages(town, organisationId, true).thenMany(setup.robots(town.dsl(), organisationId));
    }

    @PostMapping(path = "/api/towns/{town}/organisations/{organisationId}/robots", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(TownRole.ORG_MANAGER)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Add a group robot (WECOM, DINGTALK or FEISHU webhook; the signing secret for DingTalk and Feishu) for these kinds")
    Mono<TownNotificationSetup.Robot> addRobot(TownContext town, @PathVariable UUID organisationId, @Valid @RequestBody RobotBody body) {
        return manages(town, organisationId, false).then(setup.addRobot(town, organisationId, body.provider(), body.name().strip(),
                body.webhookUrl().strip(), body.secret(), body.kinds()));
    }

    @DeleteMapping("/api/towns/{town}/organisations/{organisationId}/robots/{robotId}")
    @TownAccess(TownRole.ORG_MANAGER)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove a group robot")
    Mono<Void> removeRobot(TownContext town, @PathVariable UUID organisationId, @PathVariable UUID robotId) {
        return manages(town, organisationId, false).then(setup.removeRobot(town, organisationId, robotId));
    }

    /** Only the organisation's own managers (and, to read, the secretariat): another firm's robots are not even found. */
    private static Mono<Void> manages(TownContext town, UUID organisationId, boolean secretariatReads) {
        if (secretariatReads && town.caller().hasRoleIn(town.slug(), TownRole.SECRETARIAT)) {
            return Mono.empty();
        }
        return AllianceDirectory.code(town.dsl(), organisationId)
                .filter(code -> town.caller().grantsIn(town.slug()).contains(new TownGrant(town.slug(), TownRole.ORG_MANAGER, code)))
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("unknown-organisation", "You manage no such organisation here.")))
                .then();
    }
}
